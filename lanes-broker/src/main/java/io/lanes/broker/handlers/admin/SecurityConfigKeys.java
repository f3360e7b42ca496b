package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The definition Kafka's broker gives a security setting ({@code ssl.*}, {@code sasl.*},
 * {@code connections.max.reauth.ms}, ...), also when it is set for one listener
 * ({@code listener.name.<listener>.<setting>}) or one mechanism of a listener
 * ({@code listener.name.<listener>.<mechanism>.sasl.jaas.config}), as Kafka's
 * {@code KafkaConfig.configType} resolves it. DescribeConfigs hides the value of exactly the
 * settings whose type is {@code PASSWORD}, and of those it cannot type at all.
 *
 * <p>Stateless; thread-safe.
 */
final class SecurityConfigKeys {
    private static final Pattern LISTENER_OVERRIDE = Pattern.compile("listener\\.name\\.[^.]*\\.(.*)");
    /** Settings Kafka accepts per mechanism of a listener, after the mechanism's name. */
    private static final List<String> MECHANISM_SETTINGS = List.of(SaslConfigs.SASL_JAAS_CONFIG,
            SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, SaslConfigs.SASL_LOGIN_CLASS,
            BrokerSecurityConfigs.SASL_SERVER_CALLBACK_HANDLER_CLASS_CONFIG,
            BrokerSecurityConfigs.CONNECTIONS_MAX_REAUTH_MS_CONFIG);

    private SecurityConfigKeys() {
    }

    /** Kafka's definition of the security setting {@code name}, or null if it is none. */
    static ConfigDef.ConfigKey keyOf(String name) {
        ConfigDef.ConfigKey key = BrokerSecurityConfigs.CONFIG_DEF.configKeys().get(name);
        if (key != null) {
            return key;
        }
        Matcher override = LISTENER_OVERRIDE.matcher(name);
        if (!override.matches()) {
            return null;
        }
        String setting = override.group(1);
        for (String mechanismSetting : MECHANISM_SETTINGS) {
            if (setting.endsWith(mechanismSetting)) {
                setting = mechanismSetting;
                break;
            }
        }
        return BrokerSecurityConfigs.CONFIG_DEF.configKeys().get(setting);
    }
}
