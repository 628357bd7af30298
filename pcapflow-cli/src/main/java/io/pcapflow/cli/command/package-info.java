/** CLI command classes. */
package io.pcapflow.cli.command;
