package org.casejourney.infrastructure;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedInfrastructureTest {

    @Test
    void committedRowsSurviveARestartOfTheEmbeddedDatabase(@TempDir Path dir) throws Exception {
        try (var postgres = EmbeddedPostgresServer.start(dir, 0, "s3cret")) {
            postgres.createDatabaseIfAbsent("survivors");
            try (var c = DriverManager.getConnection(postgres.jdbcUrl("survivors"), EmbeddedPostgresServer.USER, "s3cret");
                 var s = c.createStatement()) {
                s.execute("create table kept (id int primary key)");
                s.execute("insert into kept values (42)");
            }
        }
        try (var postgres = EmbeddedPostgresServer.start(dir, 0, "s3cret")) {
            postgres.createDatabaseIfAbsent("survivors");
            try (var c = DriverManager.getConnection(postgres.jdbcUrl("survivors"), EmbeddedPostgresServer.USER, "s3cret");
                 var s = c.createStatement(); var rs = s.executeQuery("select id from kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void theServerRunsTheMajorVersionItNamesAndRefusesAClusterOfAnotherUntouched(@TempDir Path dir) throws Exception {
        try (var postgres = EmbeddedPostgresServer.start(dir, 0, "s3cret"); var c = postgres.connect("postgres");
             var s = c.createStatement(); var rs = s.executeQuery("select current_setting('server_version_num')::int / 10000")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("the binaries' major version").isEqualTo(EmbeddedPostgresServer.MAJOR_VERSION);
        }
        // a cluster an earlier release made (14 until November 2026) is left as it is, with the way out named
        java.nio.file.Files.writeString(dir.resolve("PG_VERSION"), "14\n");
        String hba = java.nio.file.Files.readString(dir.resolve("pg_hba.conf"));
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir, 0, "s3cret"))
                .hasMessageContaining("holds a PostgreSQL 14 cluster")
                .hasMessageContaining("runs PostgreSQL " + EmbeddedPostgresServer.MAJOR_VERSION)
                .hasMessageContaining("Upgrading the embedded PostgreSQL");
        assertThat(java.nio.file.Files.readString(dir.resolve("pg_hba.conf"))).isEqualTo(hba);
        assertThat(dir.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aLoginWithoutTheRightPasswordIsRefused(@TempDir Path dir) throws Exception {
        try (var postgres = EmbeddedPostgresServer.start(dir, 0, "s3cret")) {
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl("postgres"), EmbeddedPostgresServer.USER, null).close())
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl("postgres"), EmbeddedPostgresServer.USER, "guess").close())
                    .hasMessageContaining("password authentication failed");
            try (var c = postgres.connect("postgres"); var s = c.createStatement();
                 var rs = s.executeQuery("select current_setting('listen_addresses'), (select rolpassword from pg_authid where rolname = 'postgres')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
                assertThat(rs.getString(2)).startsWith("SCRAM-SHA-256$");
            }
            assertThat(Files.readString(dir.resolve("pg_hba.conf"))).doesNotContain("trust");
        }
    }

    @Test
    void theDatabaseAndTheBrokerKeepTheirDataFromOtherUsers(@TempDir Path dir) throws Exception {
        try (var postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0, "s3cret");
             var broker = InProcessKafkaBroker.start(dir.resolve("kafka"), 0)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("postgres")))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("kafka")))).isEqualTo("rwx------");
        }
    }

    @Test
    void aClusterThatTrustedEveryLocalLoginIsLockedDownOnItsFirstStart(@TempDir Path dir) throws Exception {
        try (var earlier = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
             var c = earlier.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("create database kept");
        }
        try (var postgres = EmbeddedPostgresServer.start(dir, 0, "s3cret")) {
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl("kept"), EmbeddedPostgresServer.USER, "").close())
                    .isInstanceOf(SQLException.class);
            try (var c = postgres.connect("kept")) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
        try (var postgres = EmbeddedPostgresServer.start(dir, 0, "s3cret"); var c = postgres.connect("kept")) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void acknowledgedRecordsSurviveARestartOfTheBroker(@TempDir Path dir) throws Exception {
        try (var broker = InProcessKafkaBroker.start(dir, 0)) {
            try (var admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1))).all().get();
            }
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    // lz4 comes from its maintained fork (at.yawk.lz4), not the org.lz4 jar Kafka declares
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "person-1", "hello")).get();
            }
        }
        try (var broker = InProcessKafkaBroker.start(dir, 0);
             var consumer = new KafkaConsumer<String, String>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                     ConsumerConfig.GROUP_ID_CONFIG, "reader",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of("kept"));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.key() + "=" + r.value()));
            }
            assertThat(values).containsExactly("person-1=hello");
        }
    }
}
