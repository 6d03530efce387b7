package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.HelloView;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/** The hello payload of a handshake. Thread-safety: not thread-safe. */
public final class HelloFormatter implements MessageFormatter {
    private final HelloView hello = new HelloView();

    @Override
    public void decode(ByteBuffer buffer, int offset, int length) {
        hello.wrap(buffer, offset, length);
    }

    @Override
    public void write(JsonGenerator json, StringFormat strings) {
        json.writeStartObject();
        json.writeNumberProperty("layout_version", hello.layoutVersion());
        json.writeNumberProperty("flags", hello.flags());
        json.writeNumberProperty("supported_profiles", hello.supportedProfiles());
        json.writeNumberProperty("preferred_profiles", hello.preferredProfiles());
        json.writeNumberProperty("max_request_payload_bytes", hello.maxRequestPayloadBytes());
        json.writeNumberProperty("max_request_batch_items", hello.maxRequestBatchItems());
        json.writeNumberProperty("max_response_payload_bytes", hello.maxResponsePayloadBytes());
        json.writeNumberProperty("max_response_batch_items", hello.maxResponseBatchItems());
        JsonFields.writeU64(json, "auth_token", hello.authToken());
        json.writeNumberProperty("packet_size", hello.packetSize());
        json.writeEndObject();
    }
}
