package dev.quire.local.server;

import static dev.quire.local.server.Sdk.awaitFinal;
import static dev.quire.local.server.Sdk.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecutionMode;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultV2Response;
import software.amazon.awssdk.services.redshiftdata.model.ListStatementsResponse;
import software.amazon.awssdk.services.redshiftdata.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftdata.model.ResultFormatString;
import software.amazon.awssdk.services.redshiftdata.model.SqlParameter;
import software.amazon.awssdk.services.redshiftdata.model.StatementData;
import software.amazon.awssdk.services.redshiftdata.model.StatementStatusString;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.redshiftdata.model.SubStatementData;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

/** Every statement action and its errors, through the official AWS SDK against the local server. */
class StatementActionsTest {

    @RegisterExtension
    static final LocalServerExtension server = new LocalServerExtension();
    static LocalFixture local;
    static RedshiftDataClient sdk;

    @BeforeAll
    static void start() throws Exception {
        local = server.fixture();
        sdk = Sdk.client(local);
    }

    @AfterAll
    static void stop() {
        sdk.close();
    }

    private static long count(String table) {
        String id = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("select count(*) from " + table)).id();
        assertEquals(StatusString.FINISHED, awaitFinal(sdk, id).status());
        return sdk.getStatementResult(b -> b.id(id)).records().get(0).get(0).longValue();
    }

    @Test
    void batchRunsSeriallyWithSubStatementResults() {
        BatchExecuteStatementResponse batch = sdk.batchExecuteStatement(b -> b.workgroupName("local").database("dev")
                .sqls("create table batch_ok(i int)", "insert into batch_ok select * from range(5)",
                        "select count(*) as n from batch_ok", "select 'x' as letter"));
        DescribeStatementResponse parent = awaitFinal(sdk, batch.id());
        assertEquals(StatusString.FINISHED, parent.status());
        assertTrue(parent.hasResultSet());
        List<SubStatementData> subs = parent.subStatements();
        assertEquals(List.of(batch.id() + ":1", batch.id() + ":2", batch.id() + ":3", batch.id() + ":4"),
                subs.stream().map(SubStatementData::id).toList());
        assertTrue(subs.stream().allMatch(s -> s.status() == StatementStatusString.FINISHED));
        assertEquals(5L, subs.get(1).resultRows());
        assertFalse(subs.get(1).hasResultSet());
        assertTrue(subs.get(2).hasResultSet());
        assertEquals(5L, sdk.getStatementResult(b -> b.id(batch.id() + ":3")).records().get(0).get(0).longValue());
        assertEquals("x", sdk.getStatementResult(b -> b.id(batch.id() + ":4")).records().get(0).get(0).stringValue());
        DescribeStatementResponse sub = sdk.describeStatement(b -> b.id(batch.id() + ":3"));
        assertEquals("select count(*) as n from batch_ok", sub.queryString());
        ValidationException parentResult = assertThrows(ValidationException.class,
                () -> sdk.getStatementResult(b -> b.id(batch.id())));
        assertTrue(parentResult.getMessage().contains(batch.id() + ":1"), parentResult.getMessage());
        assertThrows(ResourceNotFoundException.class, () -> sdk.describeStatement(b -> b.id(batch.id() + ":9")));
    }

    @Test
    void failingTransactionBatchRollsBackEverything() {
        BatchExecuteStatementResponse batch = sdk.batchExecuteStatement(b -> b.workgroupName("local").database("dev")
                .sqls("create table batch_rolled_back(i int)", "insert into batch_rolled_back values (1)",
                        "select * from no_such_table", "select 1"));
        DescribeStatementResponse parent = awaitFinal(sdk, batch.id());
        assertEquals(StatusString.FAILED, parent.status());
        assertTrue(parent.error().contains("no_such_table"), parent.error());
        List<StatementStatusString> statuses = parent.subStatements().stream().map(SubStatementData::status).toList();
        assertEquals(List.of(StatementStatusString.FINISHED, StatementStatusString.FINISHED,
                StatementStatusString.FAILED, StatementStatusString.ABORTED), statuses);
        DescribeStatementResponse probe = run(sdk, "select * from batch_rolled_back");
        assertEquals(StatusString.FAILED, probe.status(), "the table was rolled back");
    }

    @Test
    void autoCommitBatchKeepsWhatRanBeforeAFailure() {
        BatchExecuteStatementResponse batch = sdk.batchExecuteStatement(b -> b.workgroupName("local").database("dev")
                .executionMode(ExecutionMode.AUTO_COMMIT)
                .sqls("create table batch_autocommit(i int)", "insert into batch_autocommit values (1), (2)",
                        "select * from still_missing"));
        assertEquals(StatusString.FAILED, awaitFinal(sdk, batch.id()).status());
        assertEquals(2, count("batch_autocommit"));
    }

    @Test
    void parametersAreBoundNeverSpliced() {
        String hostile = "O'Brien'); drop table params_victim; --";
        run(sdk, "create table params_victim(i int)");
        ExecuteStatementResponse executed = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("select :who as who, :n::int + 1 as next, ':who' as literal")
                .parameters(SqlParameter.builder().name("who").value(hostile).build(),
                        SqlParameter.builder().name("n").value("41").build()));
        DescribeStatementResponse described = awaitFinal(sdk, executed.id());
        assertEquals(StatusString.FINISHED, described.status(), described.error());
        assertEquals(2, described.queryParameters().size());
        GetStatementResultResponse result = sdk.getStatementResult(b -> b.id(executed.id()));
        assertEquals(hostile, result.records().get(0).get(0).stringValue());
        assertEquals(42L, result.records().get(0).get(1).longValue());
        assertEquals(":who", result.records().get(0).get(2).stringValue());
        assertEquals(0, count("params_victim"), "the table still exists");
    }

    @Test
    void parameterMistakesAreValidationErrors() {
        ValidationException missing = assertThrows(ValidationException.class, () -> sdk.executeStatement(b -> b
                .workgroupName("local").database("dev").sql("select :a, :b")
                .parameters(SqlParameter.builder().name("a").value("1").build())));
        assertTrue(missing.getMessage().contains(":b"), missing.getMessage());
        ValidationException unused = assertThrows(ValidationException.class, () -> sdk.executeStatement(b -> b
                .workgroupName("local").database("dev").sql("select 1")
                .parameters(SqlParameter.builder().name("a").value("1").build())));
        assertTrue(unused.getMessage().contains("does not use"), unused.getMessage());
        ValidationException badName = assertThrows(ValidationException.class, () -> sdk.executeStatement(b -> b
                .workgroupName("local").database("dev").sql("select :a")
                .parameters(SqlParameter.builder().name("a-b").value("1").build())));
        assertTrue(badName.getMessage().contains("regular expression"), badName.getMessage());
        assertThrows(ValidationException.class, () -> sdk.executeStatement(b -> b
                .workgroupName("local").database("dev").sql("select :a")
                .parameters(SqlParameter.builder().name("a").value("").build())));
    }

    @Test
    void clientTokenMakesExecuteIdempotent() {
        run(sdk, "create table token_runs(i int)");
        String token = UUID.randomUUID().toString();
        String first = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("insert into token_runs values (1)").clientToken(token)).id();
        String again = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("insert into token_runs values (1)").clientToken(token)).id();
        assertEquals(first, again);
        awaitFinal(sdk, first);
        assertEquals(1, count("token_runs"), "a repeated token does not run the statement twice");
        ValidationException mismatch = assertThrows(ValidationException.class, () -> sdk.executeStatement(b -> b
                .workgroupName("local").database("dev").sql("insert into token_runs values (2)").clientToken(token)));
        assertTrue(mismatch.getMessage().contains("ClientToken"), mismatch.getMessage());
    }

    @Test
    void sessionKeepsTemporaryTablesBetweenStatements() {
        ExecuteStatementResponse first = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("create temp table session_scratch as select 7 as x").sessionKeepAliveSeconds(60));
        assertNotNull(first.sessionId());
        assertEquals(StatusString.FINISHED, awaitFinal(sdk, first.id()).status());
        ExecuteStatementResponse second = sdk.executeStatement(b -> b.sessionId(first.sessionId())
                .sql("select x from session_scratch"));
        DescribeStatementResponse described = awaitFinal(sdk, second.id());
        assertEquals(StatusString.FINISHED, described.status(), described.error());
        assertEquals(first.sessionId(), described.sessionId());
        assertEquals(7L, sdk.getStatementResult(b -> b.id(second.id())).records().get(0).get(0).longValue());
        assertEquals(StatusString.FAILED, run(sdk, "select x from session_scratch").status(),
                "another connection does not see the session's temporary table");
        String closing = sdk.executeStatement(b -> b.sessionId(first.sessionId()).sql("select 1")
                .sessionKeepAliveSeconds(0)).id();
        awaitFinal(sdk, closing);
        ResourceNotFoundException gone = assertThrows(ResourceNotFoundException.class, () -> sdk.executeStatement(
                b -> b.sessionId(first.sessionId()).sql("select 1")));
        assertEquals(first.sessionId(), gone.resourceId());
    }

    @Test
    void csvResultsComeFromGetStatementResultV2() {
        ExecuteStatementResponse executed = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .resultFormat(ResultFormatString.CSV)
                .sql("select i, case when i = 1 then 'a,b' end as s from range(3) t(i) order by i"));
        DescribeStatementResponse described = awaitFinal(sdk, executed.id());
        assertEquals(ResultFormatString.CSV, described.resultFormat());
        GetStatementResultV2Response csv = sdk.getStatementResultV2(b -> b.id(executed.id()));
        assertEquals(3L, csv.totalNumRows());
        assertEquals(ResultFormatString.CSV, csv.resultFormat());
        assertEquals("0,\n1,\"a,b\"\n2,\n", csv.records().get(0).csvRecords());
        assertEquals(List.of("i", "s"), csv.columnMetadata().stream().map(c -> c.name()).toList());
        assertThrows(ValidationException.class, () -> sdk.getStatementResult(b -> b.id(executed.id())));
        String json = run(sdk, "select 1").id();
        assertThrows(ValidationException.class, () -> sdk.getStatementResultV2(b -> b.id(json)));
    }

    @Test
    void waitTimeSecondsLongPolls() {
        ExecuteStatementResponse executed = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("select 1").waitTimeSeconds(10));
        assertEquals(StatementStatusString.FINISHED, executed.status());
        assertTrue(executed.hasResultSet());
        String slow = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("select count(*) from range(30000000)")).id();
        DescribeStatementResponse described = sdk.describeStatement(b -> b.id(slow).waitTimeSeconds(20));
        assertEquals(StatusString.FINISHED, described.status());
        GetStatementResultResponse result = sdk.getStatementResult(b -> b.id(slow).waitTimeSeconds(5));
        assertEquals(30000000L, result.records().get(0).get(0).longValue());
        assertThrows(ValidationException.class, () -> sdk.describeStatement(b -> b.id(slow).waitTimeSeconds(31)));
    }

    @Test
    void listStatementsFiltersAndPagesNewestFirst() {
        String prefix = "list-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            String id = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                    .sql("select " + n).statementName(prefix + "-" + n)).id();
            awaitFinal(sdk, id);
            ids.add(id);
        }
        String failed = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("select * from nothing_here").statementName(prefix + "-failed")).id();
        awaitFinal(sdk, failed);

        List<StatementData> finished = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        int pages = 0;
        for (ListStatementsResponse page : sdk.listStatementsPaginator(b -> b.statementName(prefix).maxResults(2))) {
            pages++;
            finished.addAll(page.statements());
            if (page.nextToken() != null) {
                assertTrue(tokens.add(page.nextToken()), "a token is never repeated");
            }
        }
        assertEquals(3, pages);
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        assertEquals(reversed, finished.stream().map(StatementData::id).toList(), "FINISHED only, newest first");
        assertTrue(finished.stream().allMatch(s -> s.status() == StatusString.FINISHED));
        assertEquals(prefix + "-4", finished.get(0).statementName());
        assertEquals("select 4", finished.get(0).queryString());
        assertFalse(finished.get(0).isBatchStatement());

        List<StatementData> all = sdk.listStatementsPaginator(b -> b.statementName(prefix).status(StatusString.ALL))
                .statements().stream().toList();
        assertEquals(6, all.size());
        assertEquals(failed, all.get(0).id());
        assertEquals(List.of(failed), sdk.listStatements(b -> b.statementName(prefix).status(StatusString.FAILED))
                .statements().stream().map(StatementData::id).toList());
        assertEquals(0, sdk.listStatements(b -> b.statementName(prefix.toUpperCase())).statements().size(),
                "the name prefix is case-sensitive");
        ValidationException badToken = assertThrows(ValidationException.class, () -> sdk.listStatements(b -> b
                .statementName(prefix).nextToken(sdk.listStatements(c -> c.statementName(prefix).maxResults(1))
                        .nextToken()).status(StatusString.ALL)));
        assertTrue(badToken.getMessage().contains("NextToken"), badToken.getMessage());
        assertThrows(ValidationException.class, () -> sdk.listStatements(b -> b.maxResults(101)));
    }

    @Test
    void listStatementsShowsBatchesWithTheirSqls() {
        String name = "batch-listed-" + UUID.randomUUID();
        String id = sdk.batchExecuteStatement(b -> b.workgroupName("local").database("dev").statementName(name)
                .sqls("select 1", "select 2")).id();
        awaitFinal(sdk, id);
        StatementData listed = sdk.listStatements(b -> b.statementName(name)).statements().get(0);
        assertTrue(listed.isBatchStatement());
        assertEquals(List.of("select 1", "select 2"), listed.queryStrings());
    }

    @Test
    void connectionMembersAreChecked() {
        ValidationException neither = assertThrows(ValidationException.class,
                () -> sdk.executeStatement(b -> b.database("dev").sql("select 1")));
        assertEquals("Either ClusterIdentifier or WorkgroupName needs to be specified.", neither.getMessage()
                .replaceAll(" \\(Service.*", ""));
        ResourceNotFoundException workgroup = assertThrows(ResourceNotFoundException.class,
                () -> sdk.executeStatement(b -> b.workgroupName("elsewhere").database("dev").sql("select 1")));
        assertEquals("elsewhere", workgroup.resourceId());
        ResourceNotFoundException cluster = assertThrows(ResourceNotFoundException.class,
                () -> sdk.executeStatement(b -> b.clusterIdentifier("prod-cluster").database("dev").sql("select 1")));
        assertEquals("prod-cluster", cluster.resourceId());
        String id = sdk.executeStatement(b -> b.workgroupName("local").database("sales").sql("select 1")).id();
        DescribeStatementResponse described = awaitFinal(sdk, id);
        assertEquals(StatusString.FAILED, described.status());
        assertEquals("FATAL: database \"sales\" does not exist", described.error());
    }

    @Test
    void limitsAreTheServicesOwn() {
        String large = "select '" + "x".repeat(100 * 1024) + "'";
        ValidationException tooLong = assertThrows(ValidationException.class,
                () -> sdk.executeStatement(b -> b.workgroupName("local").database("dev").sql(large)));
        assertTrue(tooLong.getMessage().startsWith("Cannot process query string larger than 100kB"),
                tooLong.getMessage());
        List<String> many = Collections.nCopies(41, "select 1");
        ValidationException tooMany = assertThrows(ValidationException.class,
                () -> sdk.batchExecuteStatement(b -> b.workgroupName("local").database("dev").sqls(many)));
        assertTrue(tooMany.getMessage().contains("between 1 and 40"), tooMany.getMessage());
    }

    @Test
    void resultOfARunningStatementIsNotThereYet() {
        String id = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("select sum(hash(i)) from range(100000000000) t(i)")).id();
        try {
            ValidationException early = assertThrows(ValidationException.class,
                    () -> sdk.getStatementResult(b -> b.id(id)));
            assertTrue(early.getMessage().contains("Current status"), early.getMessage());
        } finally {
            assertTrue(sdk.cancelStatement(b -> b.id(id)).status());
        }
        assertEquals(StatusString.ABORTED, awaitFinal(sdk, id).status());
    }

    @Test
    void cancellingASubStatementCancelsItsBatch() {
        String id = sdk.batchExecuteStatement(b -> b.workgroupName("local").database("dev")
                .sqls("select sum(hash(i)) from range(100000000000) t(i)", "select 1")).id();
        assertTrue(sdk.cancelStatement(b -> b.id(id + ":1")).status());
        DescribeStatementResponse parent = awaitFinal(sdk, id);
        assertEquals(StatusString.ABORTED, parent.status());
        assertNotEquals(StatementStatusString.FINISHED, parent.subStatements().get(1).status());
    }

    @Test
    void unknownSubStatementOfAnUnknownIdIsNotFound() {
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> sdk.getStatementResult(b -> b.id("00000000-0000-0000-0000-000000000000:1")));
        assertEquals("00000000-0000-0000-0000-000000000000:1", e.resourceId());
    }
}
