package dev.quire.client.athena;

/**
 * Where a query's result was read from: the result file on S3, or GetQueryResults (1,000 rows a
 * call) with the reason S3 was not used, for a status line to show.
 *
 * @param fromS3   whether the rows come from the result file on S3
 * @param location the result file (s3://bucket/key.csv), or null when there is none
 * @param reason   why GetQueryResults is used; null when the rows come from S3
 */
public record ResultSource(boolean fromS3, String location, String reason) {

    static ResultSource s3(String location) {
        return new ResultSource(true, location, null);
    }

    static ResultSource queryResults(String location, String reason) {
        return new ResultSource(false, location, reason);
    }

    /** "read from S3", or e.g. "read through GetQueryResults: S3 said AccessDenied". */
    public String text() {
        return fromS3 ? "read from S3" : "read through GetQueryResults" + (reason == null ? "" : ": " + reason);
    }
}
