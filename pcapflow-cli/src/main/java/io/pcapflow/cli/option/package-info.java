/** CLI option classes. */
package io.pcapflow.cli.option;
