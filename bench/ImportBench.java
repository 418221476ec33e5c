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
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * CSV import benchmark: generates N contacts as CSV, COPYs the file raw into a bare table (PostgreSQL's own cost of
 * reading it), then imports the same file through Rapport's API (the real path: upload, strict UTF-8, parsing,
 * validation, E.164 normalisation, duplicate check, batches written with COPY + insert..select) and reports rows/s.
 * A second import of the same file measures the duplicate path (every row found and skipped).
 *
 *   java -cp postgresql.jar bench/ImportBench.java <jdbc-url> <app-base-url> <email> <password> [rows]
 */
public class ImportBench {

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0], base = args[1], email = args[2], password = args[3];
        int rows = args.length > 4 ? Integer.parseInt(args[4]) : 1_000_000;
        Path csv = Files.createTempFile("rapport-import-bench", ".csv");
        try {
            long t0 = System.nanoTime();
            generate(csv, rows);
            System.out.printf("generated %,d rows, %,d bytes in %.1f s%n", rows, Files.size(csv), secs(t0));

            double[] raw = rawCopy(jdbcUrl, csv);
            double copySeconds = raw[0];
            System.out.printf("raw COPY into a bare table: %.2f s = %,.0f rows/s%n", copySeconds, rows / copySeconds);
            System.out.printf("PostgreSQL alone writing those rows into a table shaped like contacts (same indexes): %.2f s = %,.0f rows/s%n",
                    raw[1], rows / raw[1]);

            String token = token(base, email, password);
            Result first = importFile(base, token, csv, "SKIP");
            System.out.printf("import (new contacts, duplicate check on): upload %.1f s, job %.2f s = %,.0f rows/s; %s%n",
                    first.uploadSeconds, first.jobSeconds, rows / first.jobSeconds, first.counts);
            Result again = importFile(base, token, csv, "SKIP");
            System.out.printf("import again (all %,d rows found as duplicates, skipped): job %.2f s = %,.0f rows/s; %s%n",
                    rows, again.jobSeconds, rows / again.jobSeconds, again.counts);
            System.out.printf("%nsummary: raw COPY %,.0f rows/s; import %,.0f rows/s (%.0f%% of raw COPY); "
                            + "upload+job end to end %,.0f rows/s; re-import (all duplicates) %,.0f rows/s%n",
                    rows / copySeconds, rows / first.jobSeconds, 100 * copySeconds / first.jobSeconds,
                    rows / (first.uploadSeconds + first.jobSeconds), rows / again.jobSeconds);
            System.out.printf("         insert..select into a contacts-shaped table %,.0f rows/s (import = %.0f%% of it)%n",
                    rows / raw[1], 100 * raw[1] / first.jobSeconds);
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hugo", "Ida", "Jonas", "Karla",
            "Lukas", "Mia", "Noah", "Olivia", "Paul", "Rosa", "Simon", "Tara", "Yusuf"};
    static final String[] LAST = {"Müller", "Schmidt", "Garcia", "Smith", "Rossi", "Dubois", "Nowak", "Jensen", "Silva",
            "O'Brien", "Kowalski", "Yamamoto", "Novak", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz"};
    static final String[] TITLES = {"CEO", "Head of Sales", "Buyer", "Engineer", "Office manager", "CFO", "Consultant", ""};
    static final String[] CITIES = {"Berlin", "Hamburg", "New York", "Chicago", "Lisbon", "Paris", "Warsaw", "Boston"};
    static final String[] STAGES = {"lead", "prospect", "customer", "client", "advocate", ""};

    /** Unique e-mail and phone per row (so the first import creates every row), realistic field mix. */
    static void generate(Path file, int rows) throws IOException {
        Random r = new Random(42);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("First name,Last name,E-mail,Phone,Job title,City,Country,Stage,Tags\n");
            for (int i = 0; i < rows; i++) {
                String first = FIRST[r.nextInt(FIRST.length)], last = LAST[r.nextInt(LAST.length)];
                String phone = String.format("(212) %03d-%04d", 200 + i / 10_000, i % 10_000);
                String country = r.nextBoolean() ? "US" : "";
                w.write(first + "," + quote(last) + "," + first.toLowerCase() + "." + i + "@bench" + (i % 97) + ".example,"
                        + phone + "," + TITLES[r.nextInt(TITLES.length)] + "," + CITIES[r.nextInt(CITIES.length)] + ","
                        + country + "," + STAGES[r.nextInt(STAGES.length)] + "," + (i % 5 == 0 ? "\"vip;newsletter\"" : "") + "\n");
            }
        }
    }

    static String quote(String s) {
        return s.contains("'") || s.contains(",") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Seconds for COPY into a bare table, and for moving those rows into a table with the contacts table's indexes. */
    static double[] rawCopy(String url, Path csv) throws Exception {
        try (Connection c = DriverManager.getConnection(url, System.getenv().getOrDefault("PGUSER", "postgres"),
                System.getenv().getOrDefault("PGPASSWORD", ""))) {
            c.createStatement().execute("drop table if exists bench_import_raw");
            c.createStatement().execute("""
                    create table bench_import_raw (first_name text, last_name text, email text, phone text, job_title text,
                        city text, country text, stage text, tags text)""");
            long t0 = System.nanoTime();
            try (Reader in = Files.newBufferedReader(csv)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy bench_import_raw from stdin with (format csv, header true)", in);
            }
            double s = secs(t0);
            c.createStatement().execute("drop table if exists bench_contacts");
            c.createStatement().execute("create table bench_contacts (like contacts including all)");
            long t1 = System.nanoTime();
            c.createStatement().execute("""
                    insert into bench_contacts (first_name, last_name, emails, phones, job_title, city, country, lifecycle_stage, tags)
                    select first_name, last_name, array[lower(email)], array[phone], nullif(job_title, ''), city, nullif(country, ''),
                           coalesce(upper(nullif(stage, '')), 'LEAD'), coalesce(string_to_array(tags, ';'), '{}')
                    from bench_import_raw""");
            double shaped = secs(t1);
            c.createStatement().execute("drop table bench_import_raw");
            c.createStatement().execute("drop table bench_contacts");
            return new double[] {s, shaped};
        }
    }

    record Result(double uploadSeconds, double jobSeconds, String counts) {}

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static String token(String base, String email, String password) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return field(r.body(), "token");
    }

    static Result importFile(String base, String token, Path csv, String duplicates) throws Exception {
        String boundary = "bench" + System.nanoTime();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"mapping\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"entity\":\"CONTACT\",\"duplicates\":\"" + duplicates + "\"}\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.csv\"\r\nContent-Type: text/csv\r\n\r\n";
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
            Thread.sleep(250);
            String status = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/imports/" + id))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
            String state = field(status, "status");
            if (state.equals("FAILED")) throw new IllegalStateException(status);
            if (state.equals("COMPLETED")) {
                double job = Duration.between(Instant.parse(field(status, "startedAt")), Instant.parse(field(status, "finishedAt")))
                        .toNanos() / 1e9;
                Matcher counts = Pattern.compile("\"counts\":(\\{[^}]*})").matcher(status);
                return new Result(upload, job, counts.find() ? counts.group(1) : "");
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
