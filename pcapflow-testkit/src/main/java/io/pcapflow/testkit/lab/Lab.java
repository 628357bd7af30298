package io.pcapflow.testkit.lab;

import io.pcapflow.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the middlebox lab ({@code scripts/lab/lab.sh}) from JUnit: a client, a box (NAT or socat proxy) and a
 * server in network namespaces, with real traffic, captures of both legs and ground truth.
 *
 * <p>Whole scenarios: {@code GroundTruth t = Lab.run("nat-drop", tempDir);} (torn down before it returns).
 * Live tools: {@code try (Lab lab = Lab.up(Lab.Topology.NAT)) { lab.start(Lab.Role.BOX, List.of(...), ...);
 * lab.traffic("smoke", log); }} - {@link #close()} ends every process in the lab's namespaces and deletes them
 * (a shutdown hook does the same if the JVM exits first). Commands are argument lists, never shell strings.
 *
 * <p>Both {@link #run} and {@link #up} first call {@link #requireLabOrSkip()}: without root, the tools or
 * network namespaces the test is skipped with the reason, and under {@code CI=true} it fails instead.
 */
public final class Lab implements AutoCloseable {
    /** Time limit of one {@code lab.sh run}. */
    public static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);
    /** Time limit of the other {@code lab.sh} sub-commands and of {@link #exec(Role, List)}. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    /** Tools the lab needs on the PATH (or in /usr/sbin, /sbin). */
    public static final List<String> TOOLS = List.of("bash", "ip", "iptables", "ip6tables", "ethtool", "ss",
        "timeout", "python3", "tcpdump", "dumpcap", "tshark", "capinfos", "socat");

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String EXTRA_PATH = "/usr/local/sbin:/usr/sbin:/sbin";
    private static volatile Optional<String> unavailable;

    private final String name;
    private final Topology topology;
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook;
    private boolean closed;

    /** The three hosts of a lab. */
    public enum Role {
        /** The client namespace ({@code NAME-c}, eth0). */
        CLIENT("c"),
        /** The box namespace ({@code NAME-b}, inside0 and outside0). */
        BOX("b"),
        /** The server namespace ({@code NAME-s}, eth0). */
        SERVER("s");

        private final String suffix;

        Role(String suffix) {
            this.suffix = suffix;
        }

        String arg() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the box does. */
    public enum Topology {
        /** Forwards with iptables/ip6tables MASQUERADE --random on outside0; the client talks to the server. */
        NAT,
        /** Does not forward; socat on the box's inside addresses, port 8080, proxies to the server, port 80. */
        PROXY
    }

    /**
     * Output of a finished command.
     *
     * @param exitCode the exit status
     * @param stdout standard output (UTF-8)
     * @param stderr standard error (UTF-8)
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /**
         * Tells whether the command exited with status 0.
         *
         * @return true on success
         */
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private Lab(String name, Topology topology) {
        this.name = name;
        this.topology = topology;
        this.hook = new Thread(this::down, "lab-down-" + name);
    }

    /**
     * Returns the lab script.
     *
     * @return {@code <repository>/scripts/lab/lab.sh}
     */
    public static Path script() {
        return Fixtures.repositoryRoot().resolve("scripts/lab/lab.sh");
    }

    /**
     * Tells why the lab cannot run here (not root, a tool missing, no network namespaces); probed once.
     *
     * @return the reason, or empty when the lab can run
     */
    public static Optional<String> unavailable() {
        Optional<String> u = unavailable;
        if (u == null) {
            u = probe();
            unavailable = u;
        }
        return u;
    }

    /**
     * Skips the calling test with the reason when the lab cannot run here, or fails it when env
     * {@code CI=true} (like {@link Fixtures#requireToolOrSkip(String)}).
     */
    public static void requireLabOrSkip() {
        requireOrSkip(unavailable(), System.getenv());
    }

    static void requireOrSkip(Optional<String> why, Map<String, String> env) {
        if (why.isEmpty()) {
            return;
        }
        if ("true".equals(env.get("CI"))) {
            Assertions.fail("the middlebox lab is required when CI=true but cannot run: " + why.get());
        }
        Assumptions.abort("middlebox lab not available (" + why.get() + "); skipping (CI=true makes this a failure)");
    }

    private static Optional<String> probe() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("needs Linux");
        }
        try {
            String uid = Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("Uid:")).map(l -> l.split("\\s+")[2]).findFirst().orElse("?");
            if (!"0".equals(uid)) {
                return Optional.of("needs root (effective uid " + uid + ")");
            }
        } catch (IOException e) {
            return Optional.of("cannot read /proc/self/status: " + e.getMessage());
        }
        List<String> missing = TOOLS.stream().filter(t -> findTool(t).isEmpty()).toList();
        if (!missing.isEmpty()) {
            return Optional.of("missing " + String.join(", ", missing) + " (scripts/install-deps.sh)");
        }
        String ns = "pflprobe" + ProcessHandle.current().pid();
        Result add = command(List.of("ip", "netns", "add", ns), COMMAND_TIMEOUT, null);
        command(List.of("ip", "netns", "del", ns), COMMAND_TIMEOUT, null);
        if (!add.ok()) {
            return Optional.of("cannot create a network namespace: " + add.stderr().strip());
        }
        return Optional.empty();
    }

    private static Optional<Path> findTool(String tool) {
        String path = System.getenv("PATH");
        for (String dir : ((path == null ? "" : path) + ":" + EXTRA_PATH).split(":")) {
            Path p = dir.isEmpty() ? null : Paths.get(dir, tool);
            if (p != null && Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs a whole scenario ({@code lab.sh run SCENARIO OUTDIR OPTIONS...}) into {@code outDir} and returns
     * its ground truth; the lab is built and torn down inside the call. The script's own output goes to
     * {@code outDir/lab-run.log}.
     *
     * @param scenario {@code nat-drop}, {@code proxy}, {@code reuse} or {@code idle}
     * @param outDir where captures, logs, {@code truth.json} and {@code MANIFEST.md} go (created if needed)
     * @param options more arguments, e.g. {@code "--idle-seconds", "2"}
     * @return the ground truth of the run
     */
    public static GroundTruth run(String scenario, Path outDir, String... options) {
        requireLabOrSkip();
        List<String> cmd = new ArrayList<>(List.of("bash", script().toString(), "run", scenario, outDir.toString()));
        cmd.addAll(Arrays.asList(options));
        Result r = command(cmd, RUN_TIMEOUT, outDir);
        try {
            Files.writeString(outDir.resolve("lab-run.log"), r.stdout() + r.stderr(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!r.ok()) {
            throw new AssertionError("lab.sh run " + scenario + " failed (exit " + r.exitCode() + "):\n"
                + tail(r.stdout() + r.stderr(), 40));
        }
        return GroundTruth.read(outDir);
    }

    /**
     * Builds a lab ({@code lab.sh up NAME --scenario nat|proxy}) with a unique name; the server (and for
     * {@link Topology#PROXY} socat) is running when this returns. Close it in a finally block or
     * try-with-resources.
     *
     * @param topology what the box does
     * @return the running lab
     */
    public static Lab up(Topology topology) {
        requireLabOrSkip();
        String name = "pfl" + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
        Lab lab = new Lab(name, topology);
        Runtime.getRuntime().addShutdownHook(lab.hook);
        Result r = command(List.of("bash", script().toString(), "up", name, "--scenario",
            topology.name().toLowerCase(Locale.ROOT)), COMMAND_TIMEOUT, null);
        if (!r.ok()) {
            lab.close();
            throw new AssertionError("lab.sh up failed (exit " + r.exitCode() + "):\n" + tail(r.stderr(), 40));
        }
        return lab;
    }

    /**
     * Returns the lab's name (namespaces {@code NAME-c}, {@code NAME-b}, {@code NAME-s}).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns what the box does.
     *
     * @return the topology
     */
    public Topology topology() {
        return topology;
    }

    /**
     * Returns a host's network namespace.
     *
     * @param role the host
     * @return the namespace name, for {@code ip netns exec}
     */
    public String namespace(Role role) {
        return name + "-" + role.suffix;
    }

    /**
     * Returns the lab's state directory ({@code $PCAPFLOW_LAB_STATE/NAME}, default {@code /run/pcapflow-lab}).
     *
     * @return the directory
     */
    public Path stateDir() {
        String root = System.getenv("PCAPFLOW_LAB_STATE");
        return Paths.get(root == null || root.isEmpty() ? "/run/pcapflow-lab" : root).resolve(name);
    }

    /**
     * Returns the server's log, one JSON line per connection (fields: docs/TESTING.md).
     *
     * @return {@code STATE/server-log.jsonl}
     */
    public Path serverLog() {
        return stateDir().resolve("server-log.jsonl");
    }

    /**
     * Reads the server's log so far.
     *
     * @return one object per connection that has ended
     */
    public List<Map<String, Object>> serverRecords() {
        try {
            return Json.readLines(serverLog());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a command inside a host's namespace and waits for it ({@link #COMMAND_TIMEOUT}).
     *
     * @param role the host
     * @param command program and arguments
     * @return its exit status and output
     */
    public Result exec(Role role, List<String> command) {
        return exec(role, command, COMMAND_TIMEOUT);
    }

    /**
     * Runs a command inside a host's namespace and waits for it.
     *
     * @param role the host
     * @param command program and arguments
     * @param timeout time limit; the command is killed and an {@link AssertionError} thrown after it
     * @return its exit status and output
     */
    public Result exec(Role role, List<String> command, Duration timeout) {
        checkOpen();
        return command(netnsExec(role, command), timeout, null);
    }

    /**
     * Starts a long-running command inside a host's namespace (e.g. {@code pcapflow conntrack --live} on the
     * box); it is ended by {@link #close()} at the latest.
     *
     * @param role the host
     * @param command program and arguments
     * @param stdout file for its standard output
     * @param stderr file for its standard error
     * @return the process (signal it with {@link Process#destroy()} for SIGTERM)
     */
    public Process start(Role role, List<String> command, Path stdout, Path stderr) {
        checkOpen();
        ProcessBuilder pb = builder(netnsExec(role, command), null);
        pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        return track(pb);
    }

    /**
     * Runs a traffic plan from the client and waits for it ({@code lab.sh traffic NAME PLAN --log FILE}).
     *
     * @param plan a plan name ({@code smoke}, {@code nat-drop}, {@code proxy}, {@code reuse}, {@code idle}:
     *     {@code scripts/lab/plans/PLAN.plan}) or a plan file's path
     * @param clientLog where the client appends one JSON line per request
     * @param options more arguments, e.g. {@code "--idle-seconds", "2"}
     * @return the client log's records after the run
     */
    public List<Map<String, Object>> traffic(String plan, Path clientLog, String... options) {
        checkOpen();
        Result r = command(trafficCommand(plan, clientLog, options), RUN_TIMEOUT, null);
        if (!r.ok()) {
            throw new AssertionError("lab.sh traffic " + plan + " failed (exit " + r.exitCode() + "):\n"
                + tail(r.stderr(), 40));
        }
        try {
            return Json.readLines(clientLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a traffic plan from the client without waiting (e.g. to stop a live tool mid-transfer).
     *
     * @param plan a plan name or file, as for {@link #traffic(String, Path, String...)}
     * @param clientLog where the client appends one JSON line per request
     * @param output file for the script's output
     * @param options more arguments
     * @return the process ({@code waitFor()} gives 0 when every request had its expected outcome)
     */
    public Process startTraffic(String plan, Path clientLog, Path output, String... options) {
        checkOpen();
        ProcessBuilder pb = builder(trafficCommand(plan, clientLog, options), null);
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        return track(pb);
    }

    /**
     * Starts the four captures on the box ({@code lab.sh capture-start}): {@code DIR/inside.pcap},
     * {@code DIR/outside.pcap}, {@code DIR/any.pcap}, {@code DIR/both.pcapng}; returns when all are listening.
     *
     * @param dir output directory
     * @param snaplen bytes kept per packet, 0 for whole packets
     */
    public void captureStart(Path dir, int snaplen) {
        script("capture-start", name, dir.toString(), "--snaplen", Integer.toString(snaplen));
    }

    /** Stops the captures; their files are complete when this returns. */
    public void captureStop() {
        script("capture-stop", name);
    }

    /**
     * Reads a host's iptables and ip6tables counters ({@code lab.sh counters}).
     *
     * @param role the host
     * @return {@code {"ipv4": {"filter": {CHAIN: {...}}, "nat": {...}}, "ipv6": {...}}} (docs/TESTING.md)
     */
    public Map<String, Object> counters(Role role) {
        return Json.parseObject(script("counters", name, role.arg()).stdout());
    }

    /**
     * Ends every process started through this handle and every process in the lab's namespaces, and deletes
     * the namespaces and the state directory ({@code lab.sh down}). Safe to call more than once.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and runs the hook itself
        }
        down();
    }

    private void down() {
        List<Process> ps;
        synchronized (processes) {
            ps = new ArrayList<>(processes);
        }
        for (Process p : ps) {
            p.destroy();
        }
        for (Process p : ps) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        command(List.of("bash", script().toString(), "down", name), COMMAND_TIMEOUT, null);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("lab " + name + " is closed");
        }
    }

    private List<String> netnsExec(Role role, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(role)));
        cmd.addAll(command);
        return cmd;
    }

    private List<String> trafficCommand(String plan, Path clientLog, String... options) {
        List<String> cmd = new ArrayList<>(List.of("bash", script().toString(), "traffic", name, plan, "--log",
            clientLog.toString()));
        cmd.addAll(Arrays.asList(options));
        return cmd;
    }

    private Result script(String... args) {
        checkOpen();
        List<String> cmd = new ArrayList<>(List.of("bash", script().toString()));
        cmd.addAll(Arrays.asList(args));
        Result r = command(cmd, COMMAND_TIMEOUT, null);
        if (!r.ok()) {
            throw new AssertionError("lab.sh " + String.join(" ", args) + " failed (exit " + r.exitCode() + "):\n"
                + tail(r.stderr(), 40));
        }
        return r;
    }

    private Process track(ProcessBuilder pb) {
        try {
            Process p = pb.start();
            synchronized (processes) {
                processes.add(p);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + pb.command(), e);
        }
    }

    private static ProcessBuilder builder(List<String> cmd, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        String path = pb.environment().get("PATH");
        pb.environment().put("PATH", (path == null || path.isEmpty() ? "" : path + ":") + EXTRA_PATH);
        pb.redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()));
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pb;
    }

    static Result command(List<String> cmd, Duration timeout, Path createDir) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("pcapflow-lab", ".out");
            err = Files.createTempFile("pcapflow-lab", ".err");
            ProcessBuilder pb = builder(cmd, createDir);
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                throw new AssertionError("timed out after " + timeout + ": " + cmd + "\n"
                    + tail(Files.readString(err, StandardCharsets.UTF_8), 40));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temp file; nothing to do
            }
        }
    }

    static String tail(String text, int lines) {
        String[] l = text.split("\n", -1);
        return String.join("\n", Arrays.asList(l).subList(Math.max(0, l.length - lines), l.length));
    }
}
