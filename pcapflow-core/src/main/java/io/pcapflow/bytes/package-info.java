/**
 * Byte access: {@link io.pcapflow.bytes.Bytes}, a re-wrappable view with explicit byte order over
 * heap, direct or mapped buffers. JDK only; the bottom layer of the core.
 */
package io.pcapflow.bytes;
