package dev.quire.local.dremio;

import dev.quire.local.LocalEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A small {@code taxi.trips} with the sample's columns (the sample's six of Dremio's example first, then more). */
final class TaxiTrips {

    static void create(LocalEngine engine, int rows) throws SQLException {
        try (Connection connection = engine.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS taxi");
            statement.execute("CREATE OR REPLACE TABLE taxi.trips AS SELECT"
                    + " TIMESTAMP '2013-02-10 20:00:00' + i * INTERVAL 7 MINUTE AS pickup_datetime,"
                    + " CASE WHEN i % 10 = 3 THEN NULL ELSE (1 + i % 5)::BIGINT END AS passenger_count,"
                    + " ((i % 13) * 0.5 + 0.25)::DOUBLE AS trip_distance_mi, (5 + i % 20)::DOUBLE AS fare_amount,"
                    + " (i % 4)::DOUBLE AS tip_amount, (5 + i % 20 + i % 4)::DOUBLE + 0.5 AS total_amount,"
                    + " i::BIGINT AS trip_id, 'Cash' AS payment_type"
                    + " FROM range(" + rows + ") t(i)");
        }
    }

    private TaxiTrips() {
    }
}
