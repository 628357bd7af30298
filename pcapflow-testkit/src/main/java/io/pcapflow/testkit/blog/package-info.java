/**
 * Rebuilds the lost capture of the seed blog ("Analyzing Packet Captures with Python", example-01.pcap)
 * from what the blog prints: every ladder line it shows, its packet totals and its first/last packet
 * timestamps, with a consistent unseen middle and other TCP/IPv4 traffic around the connection.
 */
package io.pcapflow.testkit.blog;
