package dev.serverlessmysql.samples.orders;

import javax.sql.DataSource;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/** One "container's" OrderService over its own DataSource, with @Transactional applied as the Spring context does. */
final class TransactionalOrderService {

    private TransactionalOrderService() {
    }

    static OrderService over(DataSource dataSource) {
        ProxyFactory proxy = new ProxyFactory(new OrderService(new OrderRepository(JdbcClient.create(dataSource))));
        proxy.setProxyTargetClass(true);
        proxy.addAdvice(new TransactionInterceptor(new DataSourceTransactionManager(dataSource),
                new AnnotationTransactionAttributeSource()));
        return (OrderService) proxy.getProxy();
    }
}
