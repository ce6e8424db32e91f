package org.casejourney.security;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;

import java.util.List;

/**
 * Takes Spring Security's filter chain out of the wrapper that first asks every Spring MVC handler mapping which
 * handler a request goes to. Spring Security 6.5 adds that wrapper (its {@code CompositeFilterChainProxy} with
 * {@code HandlerMappingIntrospector}'s cache filter) whenever Spring MVC is present, for request matchers and CORS
 * sources that ask the handler mappings. Neither app has one: path rules are path patterns
 * ({@code PathPatternRequestMatcher}) and CORS is a URL-based source ({@link ApiSecurity}). The look-up was 9% of
 * the command side's request threads under single-event load, made again by the dispatcher right after
 * (docs/performance.md, sixth pass).
 *
 * <p>Runs after every bean definition is registered (Spring Security's wrapping is a registry post-processor) and
 * before any bean is made. A definition it does not recognise is left as it is, wrapped;
 * each app's {@code RoleMatrixTest} fails then, so an upgrade that changes the wrapping is noticed.
 */
final class WithoutIntrospectorCache implements BeanFactoryPostProcessor {

    static final String FILTER_CHAIN = "springSecurityFilterChain";
    private static final String WRAPPER = "org.springframework.security.config.annotation.web.configuration.WebMvcSecurityConfiguration$CompositeFilterChainProxy";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) {
        if (!(factory instanceof BeanDefinitionRegistry registry) || !registry.containsBeanDefinition(FILTER_CHAIN)) {
            return;
        }
        BeanDefinition chain = registry.getBeanDefinition(FILTER_CHAIN);
        BeanDefinition wrapped = wrappedChain(chain);
        if (wrapped != null) {
            registry.removeBeanDefinition(FILTER_CHAIN);
            registry.registerBeanDefinition(FILTER_CHAIN, wrapped);
        }
    }

    /** The filter chain inside the wrapper: the last of the wrapper's list of filters, a bean definition; null when not wrapped so. */
    static BeanDefinition wrappedChain(BeanDefinition chain) {
        if (!WRAPPER.equals(chain.getBeanClassName())) {
            return null;
        }
        ConstructorArgumentValues.ValueHolder argument = chain.getConstructorArgumentValues().getIndexedArgumentValue(0, List.class);
        if (argument == null || !(argument.getValue() instanceof List<?> filters) || filters.size() != 2
                || !(filters.get(1) instanceof BeanDefinition inner)) {
            return null;
        }
        return inner;
    }
}
