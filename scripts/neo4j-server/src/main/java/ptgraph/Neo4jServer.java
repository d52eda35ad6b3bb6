package ptgraph;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import inet.ipaddr.IPAddressString;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * A Neo4j Community server on 127.0.0.1 for ptgraph, started through the public embedded API.
 *
 * <p>Arguments: DATA_DIR PORT. With NEO4J_PASSWORD set, auth is on and user {@code neo4j} gets that
 * password; otherwise auth is off. Prints {@code NEO4J_URI=bolt://127.0.0.1:PORT} once the Bolt port
 * answers a handshake, and shuts the database down cleanly on SIGINT/SIGTERM. With NEO4J_WATCH_PID
 * set, it also stops when that process is gone (a test run killed without a chance to clean up).
 * NEO4J_PAGECACHE_MB sizes the page cache; NEO4J_LOCK_TIMEOUT_S makes a transaction give up
 * (a transient error, which clients retry) after waiting that long for a lock.
 */
public final class Neo4jServer {
    private static final String HOST = "127.0.0.1";

    private Neo4jServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Neo4jServer DATA_DIR PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = System.getenv("NEO4J_PASSWORD");
        boolean auth = password != null && !password.isEmpty();

        DatabaseManagementService dbms;
        try {
            dbms = start(home, port, auth);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.err.println("Neo4j did not start on " + home + ": " + root.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "ptgraph-neo4j-shutdown"));
        if (auth) {
            setPassword(dbms, password);
        }
        awaitBolt(port, Duration.ofSeconds(60));
        System.out.println("NEO4J_URI=bolt://" + HOST + ":" + port);
        System.out.println("Neo4j " + org.neo4j.kernel.internal.Version.getNeo4jVersion()
                + " on " + home + (auth ? ", auth on (user neo4j)" : ", auth off")
                + "; Ctrl-C stops it");
        System.out.flush();
        watchParent();
        stopped.await();
    }

    private static DatabaseManagementService start(Path home, int port, boolean auth) {
        SocketAddress bolt = new SocketAddress(HOST, port);
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt) // what neo4j:// routing hands out
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.udc_enabled, false) // dbms.usage_report.enabled
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(envInt("NEO4J_PAGECACHE_MB", 128)))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "100M size")
                // LOAD CSV reads no local file (none outside DATA_DIR/import even if allowed) and no URL:
                // it runs in read transactions too, so a read-only query could read /etc/passwd or send
                // the graph's content out in a host name (ptgraph refuses it first; see docs/queries.md).
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, home.resolve("import"))
                .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist,
                        List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")))
                // 0 waits for a lock forever (Neo4j's default); the tests use a few seconds.
                .setConfig(GraphDatabaseSettings.lock_acquisition_timeout,
                        Duration.ofSeconds(envInt("NEO4J_LOCK_TIMEOUT_S", 0)))
                // Bolt's network threads otherwise linger 5 s after the databases have stopped.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .build();
    }

    private static int envInt(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : Integer.parseInt(value);
    }

    /** The embedded API runs with full rights, so it can set the password before anyone logs in. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e; // the same password as last time is fine; anything else is not
            }
        }
    }

    /** Wait until the Bolt port completes a protocol handshake, i.e. a driver can talk to it. */
    private static void awaitBolt(int port, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (handshakes(port)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Bolt did not answer on " + HOST + ":" + port);
    }

    private static boolean handshakes(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            // magic, then four proposed versions: 5.x (range 5.0-5.4), 4.4, and two empty slots
            out.write(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17, 0, 4, 4, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0});
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] agreed = in.readNBytes(4);
            return agreed.length == 4 && (agreed[2] != 0 || agreed[3] != 0);
        } catch (IOException e) {
            return false;
        }
    }

    private static void watchParent() {
        String pid = System.getenv("NEO4J_WATCH_PID");
        if (pid == null || pid.isEmpty()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid)).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
    }
}
