package dev.quire.client.athena;

import dev.quire.aws.Credentials;
import dev.quire.aws.SigV4Signer;
import dev.quire.client.DataApiException;
import dev.quire.client.http.Calls;
import dev.quire.client.http.RetryPolicy;
import dev.quire.client.http.SigningInterceptor;
import dev.quire.client.http.Steps;
import dev.quire.model.Column;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Reads query results from their CSV file on S3 (GetObject, signed for s3 with an unsigned
 * payload), page by page as the file streams in. A page's next reference names the byte its first
 * record starts at: the open download continues there, and when it broke, or the page is asked for
 * again, a range request starts there, so no row is lost or read twice. A few downloads stay open
 * between pages; each page must be read within the HTTP client's call timeout.
 */
final class S3Results implements AutoCloseable {

    /** A result file and its columns, with the types that decide each cell's. */
    record ResultFile(String location, List<Column> columns, List<CellType> types) {
    }

    static final String TOKEN_PREFIX = "quire-s3:";
    /** The code of an output location that names no S3 object. */
    static final String INVALID_LOCATION = "InvalidLocation";
    static final int OPEN_DOWNLOADS = 4;
    static final Duration IDLE_LIMIT = Duration.ofSeconds(60);
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private record Key(String queryId, long offset) {
    }

    private final Calls calls;
    private final URI endpoint;
    private final String region;
    private final int pageRows;
    private final long pageMillis;
    private final int maxAttempts;
    private final ThreadPoolExecutor readers;
    /** Downloads between pages, by the query and the offset they continue at; guarded by this. */
    private final LinkedHashMap<Key, Download> idle = new LinkedHashMap<>();
    private boolean closed;

    /**
     * Reads through the given HTTP client (left running on close) without its call timeout, which
     * bounds each page instead; endpoint null is AWS's S3 in the region, else S3 path-style there.
     */
    S3Results(OkHttpClient http, URI endpoint, String region, Supplier<Credentials> credentials, RetryPolicy policy,
              int pageRows) {
        this.endpoint = endpoint;
        this.region = region;
        this.pageRows = pageRows;
        this.pageMillis = http.callTimeoutMillis();
        this.maxAttempts = policy.maxAttempts();
        OkHttpClient s3 = http.newBuilder()
                .callTimeout(Duration.ZERO)
                .addInterceptor(SigningInterceptor.s3(region, credentials))
                .build();
        this.calls = new Calls(s3, false, policy);
        AtomicInteger threads = new AtomicInteger();
        this.readers = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "quire-athena-s3-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        readers.allowCoreThreadTimeOut(true);
    }

    static boolean isToken(String token) {
        return token.startsWith(TOKEN_PREFIX);
    }

    static String token(String queryId, long offset) {
        return TOKEN_PREFIX + offset + ":" + queryId;
    }

    /** The byte offset a token of this query names; throws IllegalArgumentException for another query's or a broken one. */
    static long offsetOf(String token, String queryId) {
        String rest = token.substring(TOKEN_PREFIX.length());
        int colon = rest.indexOf(':');
        long offset;
        try {
            offset = colon > 0 ? Long.parseLong(rest.substring(0, colon)) : -1;
        } catch (NumberFormatException e) {
            offset = -1;
        }
        if (offset <= 0) {
            throw new IllegalArgumentException("not a page token: " + token);
        }
        if (!rest.substring(colon + 1).equals(queryId)) {
            throw new IllegalArgumentException("the page token belongs to query " + rest.substring(colon + 1)
                    + ", not to " + queryId);
        }
        return offset;
    }

    /**
     * The first page: the file from its start, its header line checked against the columns. Any
     * failure fails the page (nothing is resumed), so that the caller can read another way.
     */
    CompletableFuture<ResultPage> first(String queryId, ResultFile file) {
        Steps<ResultPage> steps = new Steps<>();
        return steps.of(steps.step(open(queryId, file, 0, null, 0))
                .thenCompose(download -> read(steps, download, true, maxAttempts)));
    }

    /**
     * The page whose first record starts at the offset (row being its row number): the open
     * download that stopped there, else a range request from there, for the file that file gives.
     */
    CompletableFuture<ResultPage> page(String queryId, long offset, long row,
                                       Supplier<CompletableFuture<ResultFile>> file) {
        Download open = take(new Key(queryId, offset));
        Steps<ResultPage> steps = new Steps<>();
        CompletableFuture<Download> download = open != null ? CompletableFuture.completedFuture(open)
                : steps.step(file.get()).thenCompose(f -> steps.step(open(queryId, f, offset, null, row)));
        return steps.of(download.thenCompose(d -> read(steps, d, false, 1)));
    }

    /** Reads one page on a reader thread; a broken download is resumed at the page's first byte. */
    private CompletableFuture<ResultPage> read(Steps<ResultPage> steps, Download download, boolean header,
                                               int attempt) {
        long offset = download.records.offset();
        long row = download.row;
        CompletableFuture<ResultPage> read = steps.step(new CompletableFuture<>());
        try {
            readers.execute(() -> readPage(download, header, read));
        } catch (RejectedExecutionException e) {
            download.close();
            read.completeExceptionally(new DataApiException(DataApiException.NETWORK_ERROR,
                    "The Athena client is closed", e));
        }
        return read.handle((page, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(page);
            }
            if (error instanceof Broken && attempt < maxAttempts && !steps.isDone()) {
                return steps.step(open(download.queryId, download.file, offset, download.etag, row))
                        .thenCompose(again -> read(steps, again, false, attempt + 1));
            }
            return CompletableFuture.<ResultPage>failedFuture(error instanceof Broken broken
                    ? broken.error(download.file.location(), offset, row, attempt) : error);
        }).thenCompose(page -> page);
    }

    private void readPage(Download download, boolean header, CompletableFuture<ResultPage> read) {
        if (read.isDone()) {
            download.close();
            return;
        }
        try {
            if (header) {
                download.readHeader();
            }
            ResultPage page = download.readPage(pageRows, pageMillis);
            if (page.isLast() || read.isDone() || !keep(download)) {
                download.close();
            }
            read.complete(page);
        } catch (IOException e) {
            download.close();
            read.completeExceptionally(new Broken(e));
        } catch (CsvRecords.MalformedCsv | IllegalArgumentException e) {
            download.close();
            read.completeExceptionally(new DataApiException(DataApiException.MALFORMED_RESPONSE, "The result file "
                    + download.file.location() + " is not CSV as Athena writes it: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            download.close();
            read.completeExceptionally(e);
        }
    }

    /** A download that broke while a page was read; the page is read again from its first byte. */
    private static final class Broken extends Exception {
        Broken(IOException cause) {
            super(cause.getMessage(), cause);
        }

        DataApiException error(String location, long offset, long row, int attempts) {
            IOException cause = (IOException) getCause();
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            String code = cause instanceof InterruptedIOException ? DataApiException.TIMEOUT
                    : DataApiException.NETWORK_ERROR;
            return new DataApiException(code, "Reading " + location + " broke at byte " + offset + " (row " + row
                    + "): " + reason, cause).afterAttempts(attempts);
        }
    }

    /** GetObject from the offset (a range request past 0), with If-Match when the file's ETag is known. */
    private CompletableFuture<Download> open(String queryId, ResultFile file, long offset, String etag, long row) {
        Request request;
        try {
            Request.Builder builder = new Request.Builder().url(url(file.location())).get()
                    .header("Accept-Encoding", "identity");
            if (offset > 0) {
                builder.header("Range", "bytes=" + offset + "-");
            }
            if (etag != null) {
                builder.header("If-Match", etag);
            }
            request = builder.build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new DataApiException(INVALID_LOCATION, e.getMessage(), 0, null));
        }
        return calls.open(request, response -> {
            if (response.code() != 200 && response.code() != 206) {
                throw error(response);
            }
            BufferedSource source = response.body().source();
            if (offset > 0 && response.code() == 200) {
                source.skip(offset);
            } else if (offset > 0 && !String.valueOf(response.header("Content-Range")).startsWith("bytes " + offset + "-")) {
                throw new DataApiException(DataApiException.MALFORMED_RESPONSE, "S3 answered a range request from byte "
                        + offset + " with " + response.header("Content-Range"), 206, requestId(response));
            }
            return new Download(queryId, file, response.header("ETag"), response, source, offset, row);
        });
    }

    /** Path-style on an endpoint (the local server, or any S3-compatible one), else the bucket's virtual host. */
    HttpUrl url(String location) {
        if (!location.startsWith("s3://")) {
            throw new IllegalArgumentException("not an S3 URL: " + location);
        }
        String path = location.substring("s3://".length());
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            throw new IllegalArgumentException("not the URL of an S3 object: " + location);
        }
        String bucket = path.substring(0, slash);
        String key = path.substring(slash + 1);
        HttpUrl.Builder url;
        if (endpoint != null) {
            url = HttpUrl.get(endpoint).newBuilder().addEncodedPathSegment(SigV4Signer.uriEncode(bucket, false));
        } else if (bucket.contains(".")) {
            url = HttpUrl.get("https://s3." + region + ".amazonaws.com/").newBuilder()
                    .addEncodedPathSegment(SigV4Signer.uriEncode(bucket, false));
        } else {
            url = HttpUrl.get("https://" + bucket + ".s3." + region + ".amazonaws.com/").newBuilder();
        }
        return url.addEncodedPathSegments(SigV4Signer.uriEncode(key, true)).build();
    }

    /** An S3 error answer: the code and message of its XML body, e.g. AccessDenied. */
    static DataApiException error(Response response) throws IOException {
        String body = response.body() == null ? "" : response.body().source().readUtf8();
        Matcher code = XML_CODE.matcher(body);
        Matcher message = XML_MESSAGE.matcher(body);
        String found = code.find() ? code.group(1) : "Http" + response.code();
        return new DataApiException(found, message.find() ? message.group(1) : "HTTP " + response.code(),
                response.code(), requestId(response));
    }

    private static String requestId(Response response) {
        return response.header("x-amz-request-id");
    }

    private Download take(Key key) {
        List<Download> stale = new ArrayList<>();
        Download found;
        synchronized (this) {
            found = idle.remove(key);
            expire(stale);
        }
        stale.forEach(Download::close);
        return found;
    }

    /** Keeps a download for its next page; false when the reader is closed. */
    private boolean keep(Download download) {
        List<Download> dropped = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return false;
            }
            download.idleSince = System.nanoTime();
            Download before = idle.put(new Key(download.queryId, download.records.offset()), download);
            if (before != null) {
                dropped.add(before);
            }
            expire(dropped);
            Iterator<Download> oldest = idle.values().iterator();
            while (idle.size() > OPEN_DOWNLOADS) {
                dropped.add(oldest.next());
                oldest.remove();
            }
        }
        dropped.forEach(Download::close);
        return true;
    }

    /** Moves the downloads idle for longer than the limit into stale; their server has likely let go. */
    private void expire(List<Download> stale) {
        long now = System.nanoTime();
        for (Iterator<Download> it = idle.values().iterator(); it.hasNext(); ) {
            Download download = it.next();
            if (now - download.idleSince > IDLE_LIMIT.toNanos()) {
                stale.add(download);
                it.remove();
            }
        }
    }

    /** Downloads kept open between pages (for tests). */
    synchronized int openDownloads() {
        return idle.size();
    }

    @Override
    public void close() {
        List<Download> open;
        synchronized (this) {
            closed = true;
            open = List.copyOf(idle.values());
            idle.clear();
        }
        open.forEach(Download::close);
        readers.shutdownNow();
        calls.close();
    }

    /** One GetObject answer being read, record by record; row is the next record's row number. */
    private static final class Download implements AutoCloseable {
        final String queryId;
        final ResultFile file;
        final String etag;
        final Response response;
        final BufferedSource source;
        final CsvRecords records;
        long row;
        long idleSince;
        private final List<String> values = new ArrayList<>();

        Download(String queryId, ResultFile file, String etag, Response response, BufferedSource source, long offset,
                 long row) {
            this.queryId = queryId;
            this.file = file;
            this.etag = etag;
            this.response = response;
            this.source = source;
            this.records = new CsvRecords(source.inputStream(), offset);
            this.row = row;
        }

        /** The header line, which names the columns in their order. */
        void readHeader() throws IOException, CsvRecords.MalformedCsv {
            List<String> names = file.columns().stream().map(Column::name).toList();
            if (!records.next(values) || !values.equals(names)) {
                throw new CsvRecords.MalformedCsv("the header line " + values + " does not name the columns "
                        + names);
            }
        }

        /** Up to max records as typed rows, read within millis (0: no limit). */
        ResultPage readPage(int max, long millis) throws IOException, CsvRecords.MalformedCsv {
            if (millis > 0) {
                source.timeout().deadline(millis, TimeUnit.MILLISECONDS);
            }
            try {
                long first = row;
                List<Object[]> rows = new ArrayList<>(Math.min(max, 1024));
                int width = file.columns().size();
                while (rows.size() < max && records.next(values)) {
                    if (values.size() != width) {
                        throw new CsvRecords.MalformedCsv("a record of " + values.size() + " values for " + width
                                + " columns ends at byte " + records.offset());
                    }
                    Object[] cells = new Object[width];
                    for (int c = 0; c < width; c++) {
                        cells[c] = file.types().get(c).parse(values.get(c));
                    }
                    rows.add(cells);
                }
                boolean last = records.atEnd();
                long end = first + rows.size();
                row = end;
                return new ResultPage(file.columns(), rows, first, last ? end : ResultPage.UNKNOWN,
                        last ? null : new PageRef.Token(token(queryId, records.offset()), end));
            } finally {
                source.timeout().clearDeadline();
            }
        }

        @Override
        public void close() {
            response.close();
        }
    }
}
