/** The pcapflow command line: entry point and command registration. */
package io.pcapflow.cli;
