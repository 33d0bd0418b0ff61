package dev.serverlessmysql.samples.recipes.datajdbc;

import java.util.List;

import org.springframework.data.repository.CrudRepository;

public interface CustomerOrders extends CrudRepository<CustomerOrder, Long> {

    List<CustomerOrder> findByCustomer(String customer);
}
