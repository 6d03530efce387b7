package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.lookup.LookupFixtures.*;

import io.netdata.netipc.protocol.ByteString;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The two lookup methods, for the rules their specifications share: request
 * and response framing, response strings and labels. Each constant supplies
 * valid messages, their decoded form and the method-specific item layout.
 */
enum LookupKind {
    CGROUPS(CG_ITEM_HEADER_SIZE, CG_LABEL_COUNT,
            List.of(new StringField("path", CG_PATH_OFFSET, CG_PATH_LENGTH, Integer.MAX_VALUE),
                    new StringField("name", CG_NAME_OFFSET, CG_NAME_LENGTH, Integer.MAX_VALUE)),
            List.of("/sys/fs/cgroup/kubepods/pod-a", "k8s_pod-a"),
            List.of("/ab", "")) {
        @Override
        byte[] validRequest() {
            return validCgroupsRequest();
        }

        @Override
        Object expectedRequest() {
            return CG_PATHS;
        }

        @Override
        Object decodeRequest(byte[] request) {
            return CgroupsLookupRequestView.decode(request).toOwned();
        }

        @Override
        byte[] validResponse() {
            return validCgroupsResponse();
        }

        @Override
        Object expectedResponse() {
            return new CgroupsLookupResponse(GENERATION, CG_ITEMS);
        }

        @Override
        Object decodeResponse(byte[] response) {
            return CgroupsLookupResponseView.decode(response).toOwned();
        }

        @Override
        long decodeGeneration(byte[] response) {
            CgroupsLookupResponseView view = CgroupsLookupResponseView.decode(response);
            view.toOwned();
            return view.generation();
        }

        @Override
        byte[] responseWithStrings(List<ByteString> values, List<LookupLabel> labels) {
            return cgroupsResponse(GENERATION, List.of(new CgroupsLookupItem(CgroupLookupStatus.KNOWN,
                    Orchestrator.DOCKER, values.get(0), values.get(1), labels)));
        }

        @Override
        List<ByteString> decodeStrings(byte[] response) {
            CgroupsLookupItem item = CgroupsLookupResponseView.decode(response).toOwned().items().get(0);
            return List.of(item.path(), item.name());
        }

        @Override
        List<LookupLabel> decodeLabels(byte[] response) {
            return CgroupsLookupResponseView.decode(response).toOwned().items().get(0).labels();
        }

        @Override
        LiveResponse wrapLive(ByteBuffer buffer) {
            CgroupsLookupResponseView view = new CgroupsLookupResponseView().wrap(buffer, 0, buffer.capacity());
            return new LiveResponse() {
                @Override
                public Object item(int index) {
                    return view.item(index).toOwned();
                }

                @Override
                public IntFunction<Object> labelsOf(int index) {
                    CgroupsLookupItemView item = view.item(index);
                    return label -> item.label(label).toOwned();
                }
            };
        }
    },

    APPS(APPS_ITEM_HEADER_SIZE, APPS_LABEL_COUNT,
            List.of(new StringField("comm", APPS_COMM_OFFSET, APPS_COMM_LENGTH, COMM_MAX),
                    new StringField("cgroup_path", APPS_CGROUP_PATH_OFFSET, APPS_CGROUP_PATH_LENGTH,
                            Integer.MAX_VALUE),
                    new StringField("cgroup_name", APPS_CGROUP_NAME_OFFSET, APPS_CGROUP_NAME_LENGTH,
                            Integer.MAX_VALUE)),
            List.of("nginx", "/sys/fs/cgroup/docker-ab.scope", "web-1"),
            List.of("sh", "/ab", "")) {
        @Override
        byte[] validRequest() {
            return validAppsRequest();
        }

        @Override
        Object expectedRequest() {
            return Arrays.stream(PIDS).boxed().toList();
        }

        @Override
        Object decodeRequest(byte[] request) {
            return Arrays.stream(AppsLookupRequestView.decode(request).toOwned()).boxed().toList();
        }

        @Override
        byte[] validResponse() {
            return validAppsResponse();
        }

        @Override
        Object expectedResponse() {
            return new AppsLookupResponse(GENERATION, APPS_ITEMS);
        }

        @Override
        Object decodeResponse(byte[] response) {
            return AppsLookupResponseView.decode(response).toOwned();
        }

        @Override
        long decodeGeneration(byte[] response) {
            AppsLookupResponseView view = AppsLookupResponseView.decode(response);
            view.toOwned();
            return view.generation();
        }

        @Override
        byte[] responseWithStrings(List<ByteString> values, List<LookupLabel> labels) {
            return appsResponse(GENERATION, List.of(new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN,
                    Orchestrator.PODMAN, PIDS[1], 1, 1000, 77, values.get(0), values.get(1), values.get(2), labels)));
        }

        @Override
        List<ByteString> decodeStrings(byte[] response) {
            AppsLookupItem item = AppsLookupResponseView.decode(response).toOwned().items().get(0);
            return List.of(item.comm(), item.cgroupPath(), item.cgroupName());
        }

        @Override
        List<LookupLabel> decodeLabels(byte[] response) {
            return AppsLookupResponseView.decode(response).toOwned().items().get(0).labels();
        }

        @Override
        LiveResponse wrapLive(ByteBuffer buffer) {
            AppsLookupResponseView view = new AppsLookupResponseView().wrap(buffer, 0, buffer.capacity());
            return new LiveResponse() {
                @Override
                public Object item(int index) {
                    return view.item(index).toOwned();
                }

                @Override
                public IntFunction<Object> labelsOf(int index) {
                    AppsLookupItemView item = view.item(index);
                    return label -> item.label(label).toOwned();
                }
            };
        }
    };

    /** A string of the item header: where its offset and length fields are, and its longest valid length. */
    record StringField(String name, int offsetField, int lengthField, int maxLength) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Reads from a response view after it was wrapped. */
    interface LiveResponse {
        /** Reads (and re-validates) item {@code index}. */
        Object item(int index);

        /**
         * Wraps item {@code index} now and returns a reader of its labels that
         * keeps using that item view (each read re-validates the label).
         */
        IntFunction<Object> labelsOf(int index);
    }

    private final int itemHeaderSize;
    private final int labelCountField;
    private final List<StringField> strings;
    private final List<ByteString> labelledStrings;
    private final List<ByteString> plainStrings;

    /**
     * @param labelledStrings non-empty values for every string, whose end is followed by padding before a label table
     * @param plainStrings values whose strings end at an unaligned offset, the last one empty
     */
    LookupKind(int itemHeaderSize, int labelCountField, List<StringField> strings, List<String> labelledStrings,
            List<String> plainStrings) {
        this.itemHeaderSize = itemHeaderSize;
        this.labelCountField = labelCountField;
        this.strings = strings;
        this.labelledStrings = labelledStrings.stream().map(ByteString::utf8).toList();
        this.plainStrings = plainStrings.stream().map(ByteString::utf8).toList();
    }

    int itemHeaderSize() {
        return itemHeaderSize;
    }

    int labelCountField() {
        return labelCountField;
    }

    /** The response strings, in header order. */
    List<StringField> strings() {
        return strings;
    }

    /** A valid request of several keys. */
    abstract byte[] validRequest();

    /** The decoded form of {@link #validRequest()}: its paths or PIDs. */
    abstract Object expectedRequest();

    /** Decodes a request completely, reading every key. */
    abstract Object decodeRequest(byte[] request);

    /** A valid response of several items; item {@link LookupFixtures#VICTIM} has labels. */
    abstract byte[] validResponse();

    /** The decoded form of {@link #validResponse()}. */
    abstract Object expectedResponse();

    /** Decodes a response completely, reading every item and label. */
    abstract Object decodeResponse(byte[] response);

    /** Decodes a response completely and returns its generation. */
    abstract long decodeGeneration(byte[] response);

    /** A response of one KNOWN item with the given values of {@link #strings()}, in order, and labels. */
    abstract byte[] responseWithStrings(List<ByteString> values, List<LookupLabel> labels);

    /** The strings, in header order, of the only item of a response, decoded completely. */
    abstract List<ByteString> decodeStrings(byte[] response);

    /** The labels of the only item of a response, decoded completely. */
    abstract List<LookupLabel> decodeLabels(byte[] response);

    /** A validated response view over all of {@code buffer}, which the caller may modify afterwards. */
    abstract LiveResponse wrapLive(ByteBuffer buffer);

    /** Values for every string of a labelled item: all non-empty. */
    List<ByteString> labelledStrings() {
        return labelledStrings;
    }

    /** Values for every string of a plain item: ending unaligned, the last one empty. */
    List<ByteString> plainStrings() {
        return plainStrings;
    }

    /** A response of one KNOWN item whose strings are all non-empty, with {@code labels}. */
    byte[] labelledResponse(List<LookupLabel> labels) {
        return responseWithStrings(labelledStrings, labels);
    }

    /** A response of one KNOWN item without labels whose strings end at an unaligned offset, the last one empty. */
    byte[] plainResponse() {
        return responseWithStrings(plainStrings, List.of());
    }
}
