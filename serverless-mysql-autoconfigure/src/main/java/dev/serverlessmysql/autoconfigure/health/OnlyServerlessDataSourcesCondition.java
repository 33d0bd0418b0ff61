package dev.serverlessmysql.autoconfigure.health;

import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the context has at least one DataSource bean and every one of them is a
 * {@link ServerlessMySqlDataSource}, judged from the bean definitions. Unlike
 * {@code @ConditionalOnSingleCandidate}, a {@code @Primary} serverless DataSource beside others
 * does not match.
 */
class OnlyServerlessDataSourcesCondition extends SpringBootCondition implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        if (beanFactory == null) {
            return ConditionOutcome.noMatch("no bean factory");
        }
        List<String> all = Arrays.asList(beanFactory.getBeanNamesForType(DataSource.class, true, false));
        List<String> serverless = Arrays.asList(beanFactory.getBeanNamesForType(ServerlessMySqlDataSource.class, true, false));
        if (!all.isEmpty() && serverless.containsAll(all)) {
            return ConditionOutcome.match("every DataSource bean is a ServerlessMySqlDataSource: " + all);
        }
        List<String> others = all.stream().filter((name) -> !serverless.contains(name)).toList();
        return ConditionOutcome.noMatch("DataSource beans that are not a ServerlessMySqlDataSource: " + others);
    }
}
