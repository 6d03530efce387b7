package io.netdata.netipc.spring.actuator;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the netipc auth token wherever the actuator shows configuration:
 * {@code netipc.auth-token} in the env endpoint, {@code authToken} in the
 * configprops endpoint, and the {@code NETIPC_AUTH_TOKEN} environment
 * variable. Keys are compared without case and separators, so every relaxed
 * form of the name matches.
 *
 * <p>Thread-safety: stateless.
 */
public class NetIpcAuthTokenSanitizer implements SanitizingFunction {
    private static final String TOKEN_KEY = "authtoken";

    @Override
    public SanitizableData apply(SanitizableData data) {
        return isToken(data.getKey()) ? data.withSanitizedValue() : data;
    }

    static boolean isToken(String key) {
        if (key == null) {
            return false;
        }
        String compact = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
        return compact.endsWith(TOKEN_KEY);
    }
}
