package dev.serverlessmysql.samples.recipes.datajdbc;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("customer_order")
public record CustomerOrder(@Id Long id, String customer) {
}
