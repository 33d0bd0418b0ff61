package dev.serverlessmysql.lambdasim;

/** The sample's {@code orders} table, the same for every container kind. */
final class Schema {

    static final String ORDERS = """
            CREATE TABLE IF NOT EXISTS orders (
                id              BIGINT        NOT NULL AUTO_INCREMENT,
                idempotency_key VARCHAR(64)   NOT NULL,
                customer        VARCHAR(100)  NOT NULL,
                item            VARCHAR(200)  NOT NULL,
                quantity        INT           NOT NULL,
                unit_price      DECIMAL(10,2) NOT NULL,
                total           DECIMAL(18,2) NOT NULL,
                created_at      TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                PRIMARY KEY (id),
                CONSTRAINT uk_orders_idempotency_key UNIQUE (idempotency_key)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""";

    private Schema() {
    }
}
