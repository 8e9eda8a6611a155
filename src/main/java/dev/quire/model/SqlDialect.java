package dev.quire.model;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a backend's SQL writes the names of its catalog. All three put a name in double quotes,
 * doubling a quote inside, and leave it bare only when it is a plain identifier of the dialect that
 * is not one of its reserved words; a path is its quoted names joined by dots.
 */
public enum SqlDialect {

    /** Lower-case letters, digits, _ and $ go bare (Redshift folds bare names to lower case). */
    REDSHIFT("[a-z_][a-z0-9_$]*", Words.REDSHIFT),
    /** Athena's SELECT statements (Trino): lower-case letters, digits and _ go bare. */
    ATHENA("[a-z_][a-z0-9_]*", Words.ATHENA),
    /** Dremio matches names in any case; a name with a dot or a space is always quoted. */
    DREMIO("[A-Za-z][A-Za-z0-9_]*", Words.DREMIO);

    private final Pattern bare;
    private final Set<String> reserved;

    SqlDialect(String bare, String reserved) {
        this.bare = Pattern.compile(bare);
        this.reserved = Set.copyOf(List.of(reserved.strip().split("\\s+")));
    }

    /** One name as SQL: bare where the dialect allows, else in double quotes. */
    public String quote(String name) {
        if (bare.matcher(name).matches() && !reserved.contains(name.toUpperCase(Locale.ROOT))) {
            return name;
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Every name of the path quoted as needed, joined by dots. */
    public String quote(CatalogPath path) {
        StringBuilder text = new StringBuilder();
        for (String name : path.names()) {
            text.append(text.isEmpty() ? "" : ".").append(quote(name));
        }
        return text.toString();
    }

    /**
     * The name to put in a statement for an object of the catalog tree. Redshift leaves out the
     * database, which is the connection's (a name with a database works only across databases on
     * RA3 and Serverless); Athena and Dremio write the whole path.
     */
    public String reference(CatalogPath path) {
        return this == REDSHIFT && path.depth() > 1 ? quote(path.from(1)) : quote(path);
    }

    /** The dialect's EXPLAIN of a statement: the plan with its estimates, in the form the backend parses best. */
    public String explain(String sql) {
        String statement = sql.strip();
        while (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1).strip();
        }
        return switch (this) {
            case REDSHIFT -> "EXPLAIN " + statement;
            case ATHENA -> "EXPLAIN (FORMAT JSON) " + statement;
            case DREMIO -> "EXPLAIN PLAN FOR " + statement;
        };
    }

    /** A query of the dialect's information_schema for a table's columns, in their order. */
    public String describeColumns(CatalogPath table) {
        CatalogPath parent = table.parent();
        String schema = this == DREMIO ? String.join(".", parent.names()) : parent.name();
        String from = switch (this) {
            case REDSHIFT -> "information_schema.columns";
            case ATHENA -> (parent.depth() > 1 ? quote(parent.name(0)) + "." : "") + "information_schema.columns";
            case DREMIO -> "information_schema.\"columns\"";
        };
        return "select column_name, data_type, is_nullable, column_default\nfrom " + from + "\nwhere table_schema = "
                + literal(schema) + " and table_name = " + literal(table.name()) + "\norder by ordinal_position;";
    }

    /** A string literal: single quotes, a quote inside doubled. */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Each dialect's reserved words, as its documentation lists them. */
    private static final class Words {

        /** Amazon Redshift Database Developer Guide, "Reserved words". */
        static final String REDSHIFT = """
                AES128 AES256 ALL ALLOWOVERWRITE ANALYSE ANALYZE AND ANY ARRAY AS ASC AUTHORIZATION AZ64 BACKUP
                BETWEEN BINARY BLANKSASNULL BOTH BYTEDICT BZIP2 CASE CAST CHECK COLLATE COLUMN CONSTRAINT CREATE
                CREDENTIALS CROSS CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURRENT_USER_ID DEFAULT
                DEFERRABLE DEFLATE DEFRAG DELTA DELTA32K DESC DISABLE DISTINCT DO ELSE EMPTYASNULL ENABLE ENCODE
                ENCRYPT ENCRYPTION END EXCEPT EXPLICIT FALSE FOR FOREIGN FREEZE FROM FULL GLOBALDICT256
                GLOBALDICT64K GRANT GROUP GZIP HAVING IDENTITY IGNORE ILIKE IN INITIALLY INNER INTERSECT INTERVAL
                INTO IS ISNULL JOIN LEADING LEFT LIKE LIMIT LOCALTIME LOCALTIMESTAMP LUN LUNS LZO LZOP MINUS
                MOSTLY16 MOSTLY32 MOSTLY8 NATURAL NEW NOT NOTNULL NULL NULLS OFF OFFLINE OFFSET OID OLD ON ONLY
                OPEN OR ORDER OUTER OVERLAPS PARALLEL PARTITION PERCENT PERMISSIONS PIVOT PLACING PRIMARY RAW
                READRATIO RECOVER REFERENCES REJECTLOG RESORT RESPECT RESTORE RIGHT SELECT SESSION_USER SIMILAR
                SNAPSHOT SOME SYSDATE SYSTEM TABLE TAG TDES TEXT255 TEXT32K THEN TIMESTAMP TO TOP TRAILING TRUE
                TRUNCATECOLUMNS UNION UNIQUE UNNEST UNPIVOT USER USING VERBOSE WALLET WHEN WHERE WITH WITHOUT
                START CONNECT
                """;

        /** Amazon Athena User Guide, reserved keywords of SELECT statements (Trino's reserved keywords). */
        static final String ATHENA = """
                ALTER AND AS BETWEEN BY CASE CAST CONSTRAINT CREATE CROSS CUBE CURRENT_CATALOG CURRENT_DATE
                CURRENT_PATH CURRENT_ROLE CURRENT_SCHEMA CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DEALLOCATE
                DELETE DESCRIBE DISTINCT DROP ELSE END ESCAPE EXCEPT EXECUTE EXISTS EXTRACT FALSE FIRST FOR FROM
                FULL GROUP GROUPING HAVING IN INNER INSERT INTERSECT INTO IS JOIN JSON_ARRAY JSON_EXISTS
                JSON_OBJECT JSON_QUERY JSON_TABLE JSON_VALUE LAST LEFT LIKE LISTAGG LOCALTIME LOCALTIMESTAMP
                NATURAL NORMALIZE NOT NULL OF ON OR ORDER OUTER PREPARE RECURSIVE RIGHT ROLLUP SELECT SKIP TABLE
                THEN TRIM TRUE UESCAPE UNION UNNEST USING VALUES WHEN WHERE WITH
                """;

        /**
         * Dremio reserves the SQL:2016 reserved words, listed here, and words of its own, of which
         * those that name things are listed at the end.
         */
        static final String DREMIO = """
                ABS ACOS ALL ALLOCATE ALTER AND ANY ARE ARRAY ARRAY_AGG ARRAY_MAX_CARDINALITY AS ASENSITIVE ASIN
                ASYMMETRIC AT ATAN ATOMIC AUTHORIZATION AVG BEGIN BEGIN_FRAME BEGIN_PARTITION BETWEEN BIGINT BINARY
                BLOB BOOLEAN BOTH BY CALL CALLED CARDINALITY CASCADED CASE CAST CEIL CEILING CHAR CHAR_LENGTH
                CHARACTER CHARACTER_LENGTH CHECK CLASSIFIER CLOB CLOSE COALESCE COLLATE COLLECT COLUMN COMMIT
                CONDITION CONNECT CONSTRAINT CONTAINS CONVERT COPY CORR CORRESPONDING COS COSH COUNT COVAR_POP
                COVAR_SAMP CREATE CROSS CUBE CUME_DIST CURRENT CURRENT_CATALOG CURRENT_DATE
                CURRENT_DEFAULT_TRANSFORM_GROUP CURRENT_PATH CURRENT_ROLE CURRENT_ROW CURRENT_SCHEMA CURRENT_TIME
                CURRENT_TIMESTAMP CURRENT_TRANSFORM_GROUP_FOR_TYPE CURRENT_USER CURSOR CYCLE DATE DAY DEALLOCATE
                DEC DECFLOAT DECIMAL DECLARE DEFAULT DEFINE DELETE DENSE_RANK DEREF DESCRIBE DETERMINISTIC
                DISCONNECT DISTINCT DOUBLE DROP DYNAMIC EACH ELEMENT ELSE EMPTY END END_FRAME END_PARTITION
                END-EXEC EQUALS ESCAPE EVERY EXCEPT EXEC EXECUTE EXISTS EXP EXTERNAL EXTRACT FALSE FETCH FILTER
                FIRST_VALUE FLOAT FLOOR FOR FOREIGN FRAME_ROW FREE FROM FULL FUNCTION FUSION GET GLOBAL GRANT
                GROUP GROUPING GROUPS HAVING HOLD HOUR IDENTITY IN INDICATOR INITIAL INNER INOUT INSENSITIVE
                INSERT INT INTEGER INTERSECT INTERSECTION INTERVAL INTO IS JOIN JSON_ARRAY JSON_ARRAYAGG
                JSON_EXISTS JSON_OBJECT JSON_OBJECTAGG JSON_QUERY JSON_TABLE JSON_TABLE_PRIMITIVE JSON_VALUE LAG
                LANGUAGE LARGE LAST_VALUE LATERAL LEAD LEADING LEFT LIKE LIKE_REGEX LISTAGG LN LOCAL LOCALTIME
                LOCALTIMESTAMP LOG LOG10 LOWER MATCH MATCH_NUMBER MATCH_RECOGNIZE MATCHES MAX MEMBER MERGE METHOD
                MIN MINUTE MOD MODIFIES MODULE MONTH MULTISET NATIONAL NATURAL NCHAR NCLOB NEW NO NONE NORMALIZE
                NOT NTH_VALUE NTILE NULL NULLIF NUMERIC OCCURRENCES_REGEX OCTET_LENGTH OF OFFSET OLD OMIT ON ONE
                ONLY OPEN OR ORDER OUT OUTER OVER OVERLAPS OVERLAY PARAMETER PARTITION PATTERN PER PERCENT
                PERCENT_RANK PERCENTILE_CONT PERCENTILE_DISC PERIOD PORTION POSITION POSITION_REGEX POWER PRECEDES
                PRECISION PREPARE PRIMARY PROCEDURE PTF RANGE RANK READS REAL RECURSIVE REF REFERENCES REFERENCING
                REGR_AVGX REGR_AVGY REGR_COUNT REGR_INTERCEPT REGR_R2 REGR_SLOPE REGR_SXX REGR_SXY REGR_SYY
                RELEASE RESULT RETURN RETURNS REVOKE RIGHT ROLLBACK ROLLUP ROW ROW_NUMBER ROWS RUNNING SAVEPOINT
                SCOPE SCROLL SEARCH SECOND SEEK SELECT SENSITIVE SESSION_USER SET SHOW SIMILAR SIN SINH SKIP
                SMALLINT SOME SPECIFIC SPECIFICTYPE SQL SQLEXCEPTION SQLSTATE SQLWARNING SQRT START STATIC
                STDDEV_POP STDDEV_SAMP SUBMULTISET SUBSET SUBSTRING SUBSTRING_REGEX SUCCEEDS SUM SYMMETRIC SYSTEM
                SYSTEM_TIME SYSTEM_USER TABLE TABLESAMPLE TAN TANH THEN TIME TIMESTAMP TIMEZONE_HOUR
                TIMEZONE_MINUTE TO TRAILING TRANSLATE TRANSLATE_REGEX TRANSLATION TREAT TRIGGER TRIM TRIM_ARRAY
                TRUE TRUNCATE UESCAPE UNION UNIQUE UNKNOWN UNNEST UPDATE UPPER USER USING VALUE VALUE_OF VALUES
                VAR_POP VAR_SAMP VARBINARY VARCHAR VARYING VERSIONING WHEN WHENEVER WHERE WIDTH_BUCKET WINDOW WITH
                WITHIN WITHOUT YEAR
                ACCESS AGGREGATE ALLOW ANALYZE ARROW AUTO BATCH BRANCH CACHE CATALOG CHANGE CLOUD COLUMNS COMPUTE
                """;
    }
}
