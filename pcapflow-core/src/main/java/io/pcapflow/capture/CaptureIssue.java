package io.pcapflow.capture;

/**
 * Something wrong in a capture file, located precisely. Fatal issues ("damage") stop the reader
 * after every good record before them has been delivered; non-fatal ones are counted and reading
 * goes on.
 *
 * @param kind       stable snake_case name, e.g. {@code truncated_record}, {@code bad_record_length}
 * @param file       input name
 * @param byteOffset offset in the (decompressed) input of the block or record concerned
 * @param record     1-based number of the record concerned (the next ordinal for a record that
 *                   could not be read)
 * @param message    one human sentence
 * @param fatal      whether reading stopped here
 */
public record CaptureIssue(String kind, String file, long byteOffset, long record, String message, boolean fatal) {

    /** @return the one-line form used on stderr: {@code file: byte offset N, record M: message} */
    public String describe() {
        return file + ": byte offset " + byteOffset + ", record " + record + ": " + message;
    }
}
