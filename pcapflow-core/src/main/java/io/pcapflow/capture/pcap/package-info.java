/** Classic pcap reader (both byte orders; µs, ns and "modified" magic). */
package io.pcapflow.capture.pcap;
