import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Random;

/**
 * E-mail intake benchmark helper (see bench/mail-intake.sh).
 *
 *   serve SMTP_PORT IMAP_PORT PASSWORD COUNT BOXES  a GreenMail server (SMTP + IMAP) with BOXES mailboxes
 *                                                   support1@bench.example … holding COUNT generated support mails
 *                                                   between them; prints READY, runs until killed
 *   fetch IMAP_PORT PASSWORD BOXES                  the raw cost: fetch every mail by UID the way the app does
 *                                                   (200 whole messages per FETCH, one connection per mailbox, all
 *                                                   mailboxes at once), nothing else
 *
 * Several mailboxes because GreenMail looks a message's sequence number up in a list on every FETCH/STORE: time per
 * mail grows with the mailbox size, so one box of 20,000 would measure GreenMail. A desk polls several boxes anyway.
 *
 * The mails: 90 % new requests from 2,000 senders (so most senders are known contacts after a while), 10 % replies
 * whose In-Reply-To names an earlier mail; plain text with a quoted part and a signature; every 20th mail is HTML,
 * every 50th has a 40 KB attachment. BENCH_SEED fixes the data.
 */
public class MailIntakeBench {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: serve SMTP_PORT IMAP_PORT PASSWORD COUNT BOXES | fetch IMAP_PORT PASSWORD BOXES");
            System.exit(2);
        }
        switch (args[0]) {
            case "serve" -> serve(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "fetch" -> fetchAll(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static String box(int i) {
        return "support" + i + "@bench.example";
    }

    static void serve(int smtpPort, int imapPort, String password, int count, int boxes) throws Exception {
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.start();
        GreenMailUser[] mailboxes = new GreenMailUser[boxes];
        for (int b = 0; b < boxes; b++) mailboxes[b] = greenMail.setUser(box(b + 1), box(b + 1), password);
        Session session = Session.getInstance(new Properties());
        Random random = new Random(Long.parseLong(System.getenv().getOrDefault("BENCH_SEED", "42")));
        long started = System.nanoTime();
        for (int i = 1; i <= count; i++) {
            GreenMailUser mailbox = mailboxes[i % boxes];
            mailbox.deliver(new MimeMessage(session, new ByteArrayInputStream(mail(i, mailbox.getEmail(), random).getBytes(StandardCharsets.UTF_8))));
        }
        System.out.printf("loaded %d mails into %d mailboxes in %.1f s%n", count, boxes, (System.nanoTime() - started) / 1e9);
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }

    static String mail(int i, String to, Random random) {
        int sender = random.nextInt(2000);
        boolean reply = i > 100 && random.nextInt(10) == 0;
        StringBuilder m = new StringBuilder();
        m.append("From: Customer ").append(sender).append(" <customer").append(sender).append("@bench.example>\r\n");
        m.append("To: ").append(to).append("\r\n");
        m.append("Subject: ").append(reply ? "Re: " : "").append("Request number ").append(reply ? random.nextInt(i - 1) + 1 : i).append("\r\n");
        m.append("Message-ID: <bench-").append(i).append("@bench.example>\r\n");
        if (reply) m.append("In-Reply-To: <bench-").append(random.nextInt(i - 1) + 1).append("@bench.example>\r\n");
        m.append("Date: Tue, 1 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n");
        String text = "Hello,\r\n\r\nMy order " + (100000 + random.nextInt(900000)) + " has not arrived yet. Could you check where it is?\r\n"
                + "It was supposed to come last week and I need it for an event on Friday.\r\n\r\nThanks,\r\nCustomer " + sender
                + "\r\n-- \r\nSent from my phone\r\n\r\nOn Mon, 30 Nov 2026 at 09:00, Support wrote:\r\n> Thank you for your order.\r\n> It ships soon.\r\n";
        if (i % 50 == 0) {
            byte[] blob = new byte[40 * 1024];
            random.nextBytes(blob);
            m.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i)
                    .append("\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n").append(text).append("--b").append(i)
                    .append("\r\nContent-Type: application/pdf; name=invoice.pdf\r\nContent-Disposition: attachment; filename=invoice.pdf\r\n")
                    .append("Content-Transfer-Encoding: base64\r\n\r\n").append(java.util.Base64.getMimeEncoder().encodeToString(blob))
                    .append("\r\n--b").append(i).append("--\r\n");
        } else if (i % 20 == 0) {
            m.append("Content-Type: text/html; charset=UTF-8\r\n\r\n<html><body><p>Hello,</p><p>My order has <b>not arrived</b>.</p>")
                    .append("<img src=\"https://tracker.example/p.gif\"><blockquote>Thank you for your order.</blockquote></body></html>\r\n");
        } else {
            m.append("Content-Type: text/plain; charset=UTF-8\r\n\r\n").append(text);
        }
        return m.toString();
    }

    static void fetchAll(int imapPort, String password, int boxes) throws Exception {
        long started = System.nanoTime();
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        long[] counts = new long[boxes];
        for (int b = 0; b < boxes; b++) {
            int box = b;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    counts[box] = fetch(imapPort, box(box + 1), password);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        long n = java.util.Arrays.stream(counts).sum();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("raw IMAP fetch: %d mails from %d mailboxes in %.2f s = %.0f mails/s%n", n, boxes, seconds, n / seconds);
    }

    static long fetch(int imapPort, String user, String password) throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.imap.partialfetch", "false");
        props.setProperty("mail.imap.fetchsize", "1048576");
        props.setProperty("mail.imap.peek", "true");
        Session session = Session.getInstance(props);
        FetchProfile.Item whole = (FetchProfile.Item) Class.forName("org.eclipse.angus.mail.imap.IMAPFolder$FetchProfileItem").getField("MESSAGE").get(null);
        long bytes = 0;
        int n = 0;
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", imapPort, user, password);
            Folder folder = store.getFolder("INBOX");
            folder.open(Folder.READ_ONLY);
            Message[] all = ((UIDFolder) folder).getMessagesByUID(1, UIDFolder.MAXUID);
            FetchProfile uids = new FetchProfile();
            uids.add(UIDFolder.FetchProfileItem.UID);
            folder.fetch(all, uids);
            for (int from = 0; from < all.length; from += 200) {
                Message[] chunk = java.util.Arrays.copyOfRange(all, from, Math.min(all.length, from + 200));
                FetchProfile profile = new FetchProfile();
                profile.add(whole);
                folder.fetch(chunk, profile);
                for (Message m : chunk) {
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    m.writeTo(raw);
                    bytes += raw.size();
                    n++;
                }
            }
            folder.close(false);
        }
        return n;
    }
}
