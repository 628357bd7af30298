package io.pcapflow.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bookkeeping shared by the format readers: the input, the reused record, interfaces, issues.
 * Issues are kept up to {@link #MAX_ISSUES_PER_KIND} per kind and counted beyond, so a file with a
 * million bad options cannot fill memory with messages.
 */
public abstract class AbstractCaptureReader implements CaptureReader {
    /** Issues kept per kind; the rest are only counted. */
    public static final int MAX_ISSUES_PER_KIND = 20;

    /** The bytes being read. */
    protected final CaptureInput input;
    /** The record handed to handlers, refilled for every packet. */
    protected final CaptureRecord record = new CaptureRecord();
    /** Interfaces in order of appearance (index = global id). */
    protected final List<InterfaceInfo> interfaces = new ArrayList<>();
    /** Interface statistics blocks. */
    protected final List<InterfaceStatistics> statistics = new ArrayList<>();
    /** Section comments. */
    protected final List<String> comments = new ArrayList<>();
    /** Input position of the next record or block. */
    protected long position;
    /** Records delivered so far. */
    protected long records;
    /** Set once the input is exhausted or damaged. */
    protected boolean done;

    private final boolean compressed;
    private final List<CaptureIssue> issues = new ArrayList<>();
    private final Map<String, Integer> issuesPerKind = new HashMap<>();
    private long issueCount;
    private CaptureIssue damage;

    /**
     * @param input      the bytes to read, positioned at the start of the capture
     * @param compressed whether the input was gzip-compressed
     */
    protected AbstractCaptureReader(final CaptureInput input, final boolean compressed) {
        this.input = input;
        this.compressed = compressed;
    }

    /**
     * Records a non-fatal issue.
     *
     * @param kind       stable name
     * @param byteOffset where
     * @param message    what
     */
    protected final void warn(final String kind, final long byteOffset, final String message) {
        add(new CaptureIssue(kind, input.name(), byteOffset, records + 1, message, false));
    }

    /**
     * Records a non-fatal issue about an earlier record (a summary that names its first occurrence).
     *
     * @param kind       stable name
     * @param byteOffset where
     * @param record     1-based record number concerned
     * @param message    what
     */
    protected final void warn(final String kind, final long byteOffset, final long record, final String message) {
        add(new CaptureIssue(kind, input.name(), byteOffset, record, message, false));
    }

    /**
     * Records the fatal issue and ends reading; records already delivered stay delivered.
     *
     * @param kind       stable name
     * @param byteOffset where
     * @param message    what
     */
    protected final void fail(final String kind, final long byteOffset, final String message) {
        final CaptureIssue issue = new CaptureIssue(kind, input.name(), byteOffset, records + 1, message, true);
        damage = issue;
        issueCount++;
        issues.add(issue);
        done = true;
    }

    private void add(final CaptureIssue issue) {
        issueCount++;
        final int seen = issuesPerKind.merge(issue.kind(), 1, Integer::sum);
        if (seen <= MAX_ISSUES_PER_KIND) {
            issues.add(issue);
        }
    }

    @Override
    public final String name() {
        return input.name();
    }

    @Override
    public final boolean isCompressed() {
        return compressed;
    }

    @Override
    public final List<InterfaceInfo> interfaces() {
        return Collections.unmodifiableList(interfaces);
    }

    @Override
    public final List<InterfaceStatistics> statistics() {
        return Collections.unmodifiableList(statistics);
    }

    @Override
    public final List<String> comments() {
        return Collections.unmodifiableList(comments);
    }

    @Override
    public final List<CaptureIssue> issues() {
        return Collections.unmodifiableList(issues);
    }

    @Override
    public final long issueCount() {
        return issueCount;
    }

    @Override
    public final CaptureIssue damage() {
        return damage;
    }

    @Override
    public final long records() {
        return records;
    }

    @Override
    public final long position() {
        return position;
    }

    @Override
    public final long size() {
        return input.size();
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
