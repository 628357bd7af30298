/**
 * Format-neutral capture reading: {@link io.pcapflow.capture.Captures} opens a file or stream by
 * content, a {@link io.pcapflow.capture.CaptureReader} pushes
 * {@link io.pcapflow.capture.CaptureRecord}s to a {@link io.pcapflow.capture.PacketHandler}, and
 * damage is reported as {@link io.pcapflow.capture.CaptureIssue}s. Depends on
 * {@code io.pcapflow.bytes} only.
 */
package io.pcapflow.capture;
