/**
 * tcpdump text as a capture: {@link io.pcapflow.capture.text.TcpdumpParser} reads what
 * {@code tcpdump -n} prints for one TCP packet into a reused
 * {@link io.pcapflow.capture.text.TcpdumpRecord} (names stay names), and
 * {@link io.pcapflow.capture.text.TcpdumpTextReader} turns those records back into IPv4/IPv6 + TCP
 * headers, with absolute sequence numbers and numbers for names, so every header-only command can
 * read the text as if it were a capture. Depends on {@code io.pcapflow.capture} and
 * {@code io.pcapflow.bytes} only.
 */
package io.pcapflow.capture.text;
