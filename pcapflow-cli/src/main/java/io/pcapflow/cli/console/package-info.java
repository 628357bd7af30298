/** CLI console classes. */
package io.pcapflow.cli.console;
