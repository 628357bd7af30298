/** pcapng reader: sections, interfaces, packet blocks, statistics. */
package io.pcapflow.capture.pcapng;
