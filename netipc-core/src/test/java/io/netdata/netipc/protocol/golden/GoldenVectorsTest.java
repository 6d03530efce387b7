package io.netdata.netipc.protocol.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItem;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every entry of the shared golden manifest ({@code ../shared/golden/manifest.json},
 * produced by the reference C implementation) against the project's codec:
 * the file decodes to the listed fields, the listed fields encode to the file's
 * bytes, and the decoded owned copy encodes back to the same bytes.
 */
class GoldenVectorsTest {
    private static final String CORPUS_FILE = GoldenFiles.VALID_DIR + "/cgroups_snapshot_response_corpus.bin";
    /** Number of cgroups in the production-shaped corpus, per the golden README. */
    private static final int CORPUS_ITEMS = 400;

    private static List<GoldenVector> vectors;

    /** One manifest entry with its file's bytes. */
    record GoldenVector(String file, String type, JsonNode fields, byte[] bytes) {
        GoldenCodec<?> codec() {
            return GoldenCodecs.forType(type);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    /** The manifest's entries, read once. */
    static synchronized List<GoldenVector> vectors() {
        if (vectors == null) {
            List<GoldenVector> loaded = new ArrayList<>();
            for (JsonNode entry : GoldenFiles.readJson(GoldenFiles.MANIFEST)) {
                String file = entry.required("file").stringValue();
                loaded.add(new GoldenVector(file, entry.required("type").stringValue(), entry.required("fields"),
                        GoldenFiles.read(file)));
            }
            vectors = List.copyOf(loaded);
        }
        return vectors;
    }

    @Test
    void manifestListsEveryValidFileExactlyOnce() {
        List<String> listed = vectors().stream().map(GoldenVector::file).sorted().toList();
        List<String> present = GoldenFiles.fileNames(GoldenFiles.VALID_DIR).stream()
                .map(name -> GoldenFiles.VALID_DIR + "/" + name).toList();

        assertThat(listed).isNotEmpty().doesNotHaveDuplicates().isEqualTo(present);
    }

    @Test
    void manifestCoversEveryGoldenType() {
        assertThat(vectors()).extracting(GoldenVector::type).containsAll(GoldenCodecs.typeNames());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesToTheManifestFields(GoldenVector vector) {
        assertDecodes(vector.codec(), vector);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodesTheManifestFieldsToTheFileBytes(GoldenVector vector) {
        assertEncodes(vector.codec(), vector);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void ownedCopyOfTheDecodedFileReencodesToTheFileBytes(GoldenVector vector) {
        assertOwnedCopyReencodes(vector.codec(), vector);
    }

    @Test
    void corpusHashesAreSimpleHashOfTheName() {
        GoldenVector corpus = vectors().stream().filter(vector -> vector.file().equals(CORPUS_FILE)).findFirst()
                .orElseThrow(() -> new AssertionError(CORPUS_FILE + " is not in the manifest"));
        List<CgroupsSnapshotItem> listed = expected(GoldenCodecs.CGROUPS_SNAPSHOT_RESPONSE, corpus).snapshot().items();
        CgroupsSnapshotResponseView view = new CgroupsSnapshotResponseView().wrap(ByteBuffer.wrap(corpus.bytes()), 0,
                corpus.bytes().length);

        assertThat(listed).hasSize(CORPUS_ITEMS);
        assertThat(view.itemCount()).isEqualTo(CORPUS_ITEMS);
        assertThat(listed).allSatisfy(item -> assertThat(item.hash()).as("manifest hash of %s", item.name())
                .isEqualTo(SimpleHash.of(item.name())));
        CgroupsSnapshotItemView item = new CgroupsSnapshotItemView();
        for (int i = 0; i < view.itemCount(); i++) {
            view.item(i, item);
            assertThat(item.hash()).as("decoded hash of item %d, %s", i, item.name())
                    .isEqualTo(SimpleHash.of(item.name()));
        }
    }

    private static <E> void assertDecodes(GoldenCodec<E> codec, GoldenVector vector) {
        GoldenChecks.assertDecodes(codec, vector.bytes(), expected(codec, vector));
    }

    private static <E> void assertEncodes(GoldenCodec<E> codec, GoldenVector vector) {
        GoldenChecks.assertEncodes(codec, expected(codec, vector), vector.bytes().length, vector.bytes());
    }

    private static <E> void assertOwnedCopyReencodes(GoldenCodec<E> codec, GoldenVector vector) {
        GoldenChecks.assertOwnedCopyReencodes(codec, vector.bytes(), expected(codec, vector));
    }

    /** The value the entry's fields describe, after checking that the codec read every one of them. */
    private static <E> E expected(GoldenCodec<E> codec, GoldenVector vector) {
        ManifestFields fields = new ManifestFields(vector.fields(), vector.file() + " fields");
        E expected = codec.expected(fields);
        fields.assertAllRead();
        return expected;
    }
}
