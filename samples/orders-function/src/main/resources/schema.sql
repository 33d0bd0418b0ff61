-- Run by spring.sql.init at start-up; safe to run on every cold start.
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
    -- The idempotency guarantee: a second INSERT with the same key fails, whoever sends it.
    CONSTRAINT uk_orders_idempotency_key UNIQUE (idempotency_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
