package io.lanes.broker.security;

import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.api.ApiDispatcher;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * Registers the security APIs. SaslHandshake and SaslAuthenticate reach a handler only where no
 * SASL exchange is going on (a listener without SASL, or after authentication where the
 * {@link SaslAuthenticator} did not take them): they are answered ILLEGAL_SASL_STATE, as Kafka's
 * request handler answers them. Stateless.
 */
public final class SecurityHandlers {
    private SecurityHandlers() {
    }

    public static void register(ApiDispatcher dispatcher, ScramCredentialStore scram) {
        dispatcher
                .register(ApiKeys.SASL_HANDSHAKE, ServedVersions.SASL_HANDSHAKE, (context, request) -> CompletableFuture.completedFuture(
                        new SaslHandshakeResponseData().setErrorCode(Errors.ILLEGAL_SASL_STATE.code())))
                .register(ApiKeys.SASL_AUTHENTICATE, ServedVersions.SASL_AUTHENTICATE, (context, request) -> CompletableFuture.completedFuture(
                        new SaslAuthenticateResponseData().setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                                .setErrorMessage("SaslAuthenticate request received after successful authentication")))
                .register(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, ServedVersions.DESCRIBE_USER_SCRAM_CREDENTIALS, new DescribeUserScramCredentialsHandler(scram))
                .register(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, ServedVersions.ALTER_USER_SCRAM_CREDENTIALS, new AlterUserScramCredentialsHandler(scram));
    }
}
