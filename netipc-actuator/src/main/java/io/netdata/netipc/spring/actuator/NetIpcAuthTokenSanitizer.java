package io.netdata.netipc.spring.actuator;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the netipc auth token wherever the actuator shows configuration:
 * {@code netipc.auth-token} in the env endpoint, {@code authToken} in the
 * configprops endpoint, and the {@code NETIPC_AUTH_TOKEN} environment
 * variable (keys are compared without case and separators, so every relaxed
 * form of the name matches); and any other value that contains the token's
 * text, such as the {@code sun.java.command} system property of an
 * application started with {@code --netipc.auth-token=...}. A token shorter
 * than {@link #MIN_MATCHED_LENGTH} characters is masked by key only: matching
 * it in values would mask unrelated ones.
 *
 * <p>Thread-safety: stateless.
 */
public class NetIpcAuthTokenSanitizer implements SanitizingFunction {
    /** The shortest token text looked for inside other values. */
    public static final int MIN_MATCHED_LENGTH = 4;
    private static final String TOKEN_KEY = "authtoken";

    private final String tokenText;

    /** Masks by key only. */
    public NetIpcAuthTokenSanitizer() {
        this(null);
    }

    /** @param tokenText the configured token as written, or null */
    public NetIpcAuthTokenSanitizer(String tokenText) {
        String stripped = tokenText == null ? null : tokenText.strip();
        this.tokenText = stripped != null && stripped.length() >= MIN_MATCHED_LENGTH ? stripped : null;
    }

    @Override
    public SanitizableData apply(SanitizableData data) {
        return isToken(data.getKey()) || containsToken(data.getValue()) ? data.withSanitizedValue() : data;
    }

    private boolean containsToken(Object value) {
        return tokenText != null && value instanceof CharSequence text && text.toString().contains(tokenText);
    }

    static boolean isToken(String key) {
        if (key == null) {
            return false;
        }
        String compact = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
        return compact.endsWith(TOKEN_KEY);
    }
}
