package dev.quire.protocol.redshift;

import dev.quire.protocol.AwsJson;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/** Constants of the Redshift Data API wire protocol (AWS JSON 1.1). */
public final class RedshiftData {

    public static final String TARGET_PREFIX = "RedshiftData";
    public static final String SIGNING_NAME = "redshift-data";
    public static final String CONTENT_TYPE = AwsJson.CONTENT_TYPE;
    public static final Pattern STATEMENT_ID =
            Pattern.compile("[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}(:\\d{1,2})?");

    public enum Action {
        BatchExecuteStatement, CancelStatement, DescribeStatement, DescribeTable, ExecuteStatement,
        GetStatementResult, GetStatementResultV2, ListDatabases, ListSchemas, ListStatements, ListTables;

        public String target() {
            return TARGET_PREFIX + "." + name();
        }

        public static Optional<Action> fromTarget(String target) {
            if (target == null || !target.startsWith(TARGET_PREFIX + ".")) {
                return Optional.empty();
            }
            String name = target.substring(TARGET_PREFIX.length() + 1);
            return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
        }
    }

    private RedshiftData() {
    }
}
