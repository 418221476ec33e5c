import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Order import: generates order lines in the shape of the UCI Online Retail file (or takes a file), COPYs the file raw
 * into a bare table and builds orders and lines from it with plain SQL (PostgreSQL's own cost of the same work), then
 * imports the same file through Rapport's API (upload, parsing, row checks, staging COPY, set-based upserts of
 * products, contacts, orders, lines, totals, lifecycle and timeline) and reports rows/s.
 *
 *   java -cp postgresql.jar bench/OrdersImportBench.java bench <jdbc-url> <app-base-url> <email> <password> <lines|csv-file>
 *   java bench/OrdersImportBench.java generate <lines> <out.csv>
 *   java bench/OrdersImportBench.java import <app-base-url> <email> <password> <csv-file> [currency]
 *
 * "import" is the way to load the UCI Online Retail file (or any file of that shape) into a running Rapport: it maps
 * the columns by name, creates missing products and "Customer <id>" contacts, and waits for the job.
 */
public class OrdersImportBench {

    static final String MAPPING = "{\"entity\":\"ORDER\",\"duplicates\":\"SKIP\",\"columns\":{\"Country\":\"ignore\"},"
            + "\"options\":{\"createMissingProducts\":true,\"createMissingContacts\":true,\"currency\":\"%s\"}}";

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "generate" -> generate(Path.of(args[2]), Integer.parseInt(args[1]));
            case "import" -> {
                String token = token(args[1], args[2], args[3]);
                Result r = importFile(args[1], token, Path.of(args[4]), args.length > 5 ? args[5] : "GBP");
                System.out.printf("imported %s: upload %.1f s, job %.2f s; %s; errors: %s/api/v1/imports/%s/errors%n",
                        args[4], r.uploadSeconds, r.jobSeconds, r.counts, args[1], r.id);
            }
            case "bench" -> bench(args[1], args[2], args[3], args[4], args[5]);
            default -> {
                System.err.println("usage: bench <jdbc-url> <base> <email> <password> <lines|file> | generate <lines> <out.csv> "
                        + "| import <base> <email> <password> <csv> [currency]");
                System.exit(2);
            }
        }
    }

    static void bench(String jdbcUrl, String base, String email, String password, String linesOrFile) throws Exception {
        Path csv;
        boolean generated = linesOrFile.matches("\\d+");
        if (generated) {
            csv = Files.createTempFile("rapport-orders-bench", ".csv");
            long t0 = System.nanoTime();
            generate(csv, Integer.parseInt(linesOrFile));
            System.out.printf("generated %s lines, %,d bytes in %.1f s%n", linesOrFile, Files.size(csv), secs(t0));
        } else {
            csv = Path.of(linesOrFile);
        }
        try {
            long lines = Files.lines(csv).count() - 1;
            double[] raw = raw(jdbcUrl, csv);
            System.out.printf("raw COPY into a bare table: %.2f s = %,.0f lines/s%n", raw[0], lines / raw[0]);
            System.out.printf("plain SQL from that table to orders + lines (same indexes): %.2f s; COPY + SQL = %,.0f lines/s%n",
                    raw[1], lines / (raw[0] + raw[1]));
            String token = token(base, email, password);
            Result r = importFile(base, token, csv, "GBP");
            System.out.printf("import through the API: upload %.1f s, job %.2f s = %,.0f lines/s; %s%n",
                    r.uploadSeconds, r.jobSeconds, lines / r.jobSeconds, r.counts);
            System.out.printf("%nsummary (%,d lines): raw COPY %,.0f lines/s; COPY + plain SQL %,.0f lines/s; import %,.0f lines/s "
                            + "= %.1f× the raw COPY time, %.1f× COPY + plain SQL%n", lines, lines / raw[0], lines / (raw[0] + raw[1]),
                    lines / r.jobSeconds, r.jobSeconds / raw[0], r.jobSeconds / (raw[0] + raw[1]));
        } finally {
            if (generated) Files.deleteIfExists(csv);
        }
    }

    static final String[] WORDS = {"WHITE", "RED", "HEART", "LANTERN", "T-LIGHT", "HOLDER", "VINTAGE", "CAKE", "CASES", "BAG",
            "JUMBO", "PAPER", "CHAIN", "BOX", "CERAMIC", "MUG", "REGENCY", "TEACUP", "SET", "GLASS", "STAR", "CANDLE", "WOODEN", "SIGN"};

    /**
     * Lines like the UCI file: invoices of 1–40 lines (about 20 on average), 3,000 stock codes with a popularity skew,
     * customers with several invoices, 2% cancellation lines (negative quantity, rejected) and 5% lines without a customer.
     */
    static void generate(Path file, int lines) throws IOException {
        Random r = new Random(42);
        int products = 3000;
        int customers = Math.max(100, lines / 120);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime start = LocalDateTime.of(2010, 12, 1, 8, 0);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
            int written = 0;
            int invoice = 500_000;
            while (written < lines) {
                invoice++;
                int size = Math.min(lines - written, 1 + r.nextInt(40));
                boolean anonymous = r.nextDouble() < 0.05;
                String customer = anonymous ? "" : (12_000 + r.nextInt(customers)) + ".0";
                String at = start.plusMinutes((long) invoice * 7 % 525_600).format(f);
                for (int i = 0; i < size; i++) {
                    int p = (int) Math.min(products - 1, Math.floor(-Math.log(1 - r.nextDouble()) * products / 5));
                    String code = String.valueOf(20_000 + p) + (p % 7 == 0 ? "A" : "");
                    String description = WORDS[p % WORDS.length] + " " + WORDS[(p / 24) % WORDS.length] + " " + WORDS[(p / 576) % WORDS.length];
                    boolean cancel = r.nextDouble() < 0.02;
                    int quantity = (cancel ? -1 : 1) * (1 + r.nextInt(24));
                    String price = String.format(java.util.Locale.ROOT, "%.2f", 0.4 + (p % 50) * 0.35);
                    w.write((cancel ? "C" : "") + invoice + "," + code + "," + description + "," + quantity + "," + at + ","
                            + price + "," + customer + ",United Kingdom\n");
                }
                written += size;
            }
        }
    }

    /** Seconds for COPY into a bare table, and for plain SQL building orders and lines from it (no checks, no timeline). */
    static double[] raw(String url, Path csv) throws Exception {
        try (Connection c = DriverManager.getConnection(url, System.getenv().getOrDefault("PGUSER", "postgres"),
                System.getenv().getOrDefault("PGPASSWORD", "")); Statement s = c.createStatement()) {
            s.execute("drop table if exists bench_orders_raw, bench_order_lines, bench_orders, bench_products");
            s.execute("""
                    create table bench_orders_raw (invoice text, code text, description text, quantity int, invoice_date text,
                        unit_price numeric, customer text, country text)""");
            long t0 = System.nanoTime();
            try (Reader in = Files.newBufferedReader(csv)) {
                c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                        .copyIn("copy bench_orders_raw from stdin with (format csv, header true)", in);
            }
            double copy = secs(t0);
            s.execute("create table bench_products (like products including all)");
            s.execute("create table bench_orders (like orders including all)");
            s.execute("create table bench_order_lines (like order_lines including all)");
            long t1 = System.nanoTime();
            s.execute("""
                    insert into bench_products (sku, name) select distinct on (code) code, coalesce(description, code) from bench_orders_raw
                    where quantity > 0 order by code""");
            s.execute("""
                    insert into bench_orders (number, ordered_at, currency, total)
                    select distinct on (invoice) invoice, cast(invoice_date as timestamptz), 'GBP', 0 from bench_orders_raw
                    where quantity > 0 and customer is not null order by invoice""");
            s.execute("""
                    insert into bench_order_lines (order_id, product_id, quantity, unit_price)
                    select o.id, p.id, r.quantity, r.unit_price from bench_orders_raw r
                    join bench_orders o on o.number = r.invoice join bench_products p on p.sku = r.code
                    where r.quantity > 0 and r.customer is not null and r.unit_price >= 0""");
            s.execute("""
                    update bench_orders o set total = t.total from (select order_id, sum(line_total) as total
                    from bench_order_lines group by order_id) t where t.order_id = o.id""");
            double sql = secs(t1);
            s.execute("drop table if exists bench_orders_raw, bench_order_lines, bench_orders, bench_products");
            return new double[] {copy, sql};
        }
    }

    record Result(String id, double uploadSeconds, double jobSeconds, String counts) {}

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static String token(String base, String email, String password) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("sign-in failed: " + r.statusCode() + " " + r.body());
        return field(r.body(), "token");
    }

    static Result importFile(String base, String token, Path csv, String currency) throws Exception {
        String boundary = "bench" + System.nanoTime();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"mapping\"\r\nContent-Type: application/json\r\n\r\n"
                + MAPPING.formatted(currency) + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + csv.getFileName() + "\"\r\nContent-Type: text/csv\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/imports"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(csv), HttpRequest.BodyPublishers.ofString(tail))).build();
        long t0 = System.nanoTime();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        double upload = secs(t0);
        if (r.statusCode() != 202) throw new IllegalStateException(r.statusCode() + " " + r.body());
        String id = field(r.body(), "id");
        while (true) {
            Thread.sleep(500);
            String status = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/imports/" + id))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
            String state = field(status, "status");
            if (state.equals("FAILED")) throw new IllegalStateException(status);
            if (state.equals("COMPLETED")) {
                double job = Duration.between(Instant.parse(field(status, "startedAt")), Instant.parse(field(status, "finishedAt")))
                        .toNanos() / 1e9;
                Matcher counts = Pattern.compile("\"counts\":(\\{[^}]*})").matcher(status);
                return new Result(id, upload, job, counts.find() ? counts.group(1) : "");
            }
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + name + " in " + json);
        return m.group(1);
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
