package org.casejourney.platform.web;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Tomcat hands an answer to the socket through a buffer of {@value #SOCKET_WRITE_BUFFER_BYTES} bytes a connection
 * instead of its default 8 KiB: a long journey (about a megabyte) or a page of the auditors' replay went out in over a
 * hundred writes of 8 KiB each, a system call and a wake-up of the reader every time (docs/performance.md).
 */
@AutoConfiguration
@ConditionalOnClass({Connector.class, TomcatServletWebServerFactory.class})
public class TomcatWritesConfiguration {

    public static final int SOCKET_WRITE_BUFFER_BYTES = 64 * 1024;

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> largerSocketWrites() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (!connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_WRITE_BUFFER_BYTES))) {
                throw new IllegalStateException("Tomcat's connector has no socket.appWriteBufSize");
            }
        });
    }
}
