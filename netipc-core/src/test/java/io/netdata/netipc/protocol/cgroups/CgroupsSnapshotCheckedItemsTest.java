package io.netdata.netipc.protocol.cgroups;

import static io.netdata.netipc.protocol.cgroups.SnapshotFixtures.CORPUS;
import static io.netdata.netipc.protocol.cgroups.SnapshotFixtures.ENTRY_LENGTH;
import static io.netdata.netipc.protocol.cgroups.SnapshotFixtures.ENTRY_OFFSET;
import static io.netdata.netipc.protocol.cgroups.SnapshotFixtures.ITEM_NAME_LENGTH;
import static io.netdata.netipc.protocol.cgroups.SnapshotFixtures.VICTIM;
import static io.netdata.netipc.protocol.cgroups.SnapshotFixtures.entry;
import static io.netdata.netipc.protocol.cgroups.SnapshotFixtures.itemField;
import static io.netdata.netipc.protocol.cgroups.SnapshotFixtures.validResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link CgroupsSnapshotResponseView#checkItems()}: every item validated once, its
 * bounds remembered until the next wrap, and nothing remembered that a hostile
 * payload could inflate or a failed check could leave behind.
 */
class CgroupsSnapshotCheckedItemsTest {
    private static final long HUGE = 0xFFFF_FFF0L;
    /** A name long enough that three copies of it exceed the payload that holds it once. */
    private static final int LONG_NAME = 1000;

    private static CgroupsSnapshotResponseView checked(ByteBuffer buffer) {
        return new CgroupsSnapshotResponseView().wrap(buffer, 0, buffer.capacity()).checkItems();
    }

    @Test
    void checkedItemsReadTheirRememberedBoundsAndNeverLeaveThem() {
        ByteBuffer buffer = ByteBuffer.wrap(validResponse());
        CgroupsSnapshotResponseView view = checked(buffer);
        // Bytes changed after the check (what shared memory could do) are not read again as bounds:
        // the remembered ones stay inside the payload whatever the directory or item now say.
        NativeBytes.putU32(buffer, entry(VICTIM, ENTRY_OFFSET), HUGE);
        NativeBytes.putU32(buffer, itemField(buffer.array(), 0, ITEM_NAME_LENGTH), HUGE);
        for (int i = 0; i < CORPUS.size(); i++) {
            CgroupsSnapshotItemView item = view.item(i);
            assertThat(item.name().contentEquals(CORPUS.get(i).name())).isTrue();
            assertThat(item.path().contentEquals(CORPUS.get(i).path())).isTrue();
        }
    }

    @Test
    void aMalformedItemFailsTheCheckAndNothingIsRemembered() {
        byte[] bytes = validResponse();
        NativeBytes.putU32(ByteBuffer.wrap(bytes), itemField(bytes, VICTIM, ITEM_NAME_LENGTH), HUGE);
        CgroupsSnapshotResponseView view = new CgroupsSnapshotResponseView().wrap(ByteBuffer.wrap(bytes), 0,
                bytes.length);
        assertThatThrownBy(view::checkItems).isInstanceOfSatisfying(CodecException.class,
                e -> assertThat(e.error()).isEqualTo(CodecError.OUT_OF_BOUNDS));
        // Still validated on every read: the good items read, the bad one fails again.
        assertThat(view.item(0).name().contentEquals(CORPUS.get(0).name())).isTrue();
        assertThatThrownBy(() -> view.item(VICTIM)).isInstanceOf(CodecException.class);
    }

    @Test
    void aNewWrapForgetsTheChecksEvenWhenItFails() {
        ByteBuffer buffer = ByteBuffer.wrap(validResponse());
        CgroupsSnapshotResponseView view = checked(buffer);
        assertThatThrownBy(() -> view.wrap(buffer, 0, 1)).isInstanceOf(CodecException.class);
        // The view is back to validating each read: a corrupted entry is caught, not skipped.
        NativeBytes.putU32(buffer, entry(VICTIM, ENTRY_OFFSET), HUGE);
        assertThatThrownBy(() -> view.item(VICTIM)).isInstanceOfSatisfying(CodecException.class,
                e -> assertThat(e.error()).isEqualTo(CodecError.OUT_OF_BOUNDS));

        ByteBuffer other = ByteBuffer.wrap(validResponse());
        view.wrap(other, 0, other.capacity());
        NativeBytes.putU32(other, entry(VICTIM, ENTRY_OFFSET), HUGE);
        assertThatThrownBy(() -> view.item(VICTIM)).isInstanceOf(CodecException.class);
    }

    @Test
    void overlappingItemsAreCheckedButNotRemembered() {
        byte[] bytes = validResponse();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        // Every entry points at item 0: legal on the wire, but the lengths now add up to more than
        // the packed area, so remembering them could cost more memory than the payload holds.
        long offset = NativeBytes.u32(buffer, entry(0, ENTRY_OFFSET));
        long length = NativeBytes.u32(buffer, entry(0, ENTRY_LENGTH));
        for (int i = 1; i < CORPUS.size(); i++) {
            NativeBytes.putU32(buffer, entry(i, ENTRY_OFFSET), offset);
            NativeBytes.putU32(buffer, entry(i, ENTRY_LENGTH), length);
        }
        CgroupsSnapshotResponseView view = checked(buffer);
        for (int i = 0; i < CORPUS.size(); i++) {
            assertThat(view.item(i).name().contentEquals(CORPUS.get(0).name())).isTrue();
        }
        // Not remembered: a later change is caught by the read.
        NativeBytes.putU32(buffer, entry(VICTIM, ENTRY_OFFSET), HUGE);
        assertThatThrownBy(() -> view.item(VICTIM)).isInstanceOf(CodecException.class);
    }

    @Test
    void aViewReWrappedWithMoreThenFewerItemsKnowsOnlyTheCurrentOnes() {
        ByteBuffer few = ByteBuffer.wrap(SnapshotFixtures.encode(new CgroupsSnapshot(0, 0,
                CORPUS.subList(0, 1))));
        ByteBuffer many = ByteBuffer.wrap(validResponse());
        CgroupsSnapshotResponseView view = checked(few);
        view.wrap(many, 0, many.capacity()).checkItems();
        assertThat(view.item(CORPUS.size() - 1).name().contentEquals(CORPUS.get(CORPUS.size() - 1).name()))
                .isTrue();

        view.wrap(few, 0, few.capacity()).checkItems();
        assertThat(view.itemCount()).isOne();
        assertThat(view.item(0).name().contentEquals(CORPUS.get(0).name())).isTrue();
        assertThatThrownBy(() -> view.item(1)).as("remembered from the larger wrap")
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void checkingTwiceValidatesTheItemsAgain() {
        byte[] bytes = validResponse();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        CgroupsSnapshotResponseView view = checked(buffer);
        NativeBytes.putU32(buffer, itemField(bytes, VICTIM, ITEM_NAME_LENGTH), HUGE);

        assertThatThrownBy(view::checkItems).isInstanceOfSatisfying(CodecException.class,
                e -> assertThat(e.error()).isEqualTo(CodecError.OUT_OF_BOUNDS));
        assertThatThrownBy(() -> view.item(VICTIM)).as("nothing remembered after the failed check")
                .isInstanceOf(CodecException.class);
    }

    @Test
    void copyabilityIsRefusedOnlyWhenTheStringsOutgrowThePayload() {
        ByteBuffer buffer = ByteBuffer.wrap(validResponse());
        CgroupsSnapshotResponseView view = checked(buffer);
        assertThat(view.checkCopyable()).isSameAs(view);

        ByteBuffer hostile = ByteBuffer.wrap(SnapshotFixtures.encode(new CgroupsSnapshot(0, 0, java.util.List.of(
                new CgroupsSnapshotItem(1, 0, 1, io.netdata.netipc.protocol.ByteString.utf8("n".repeat(LONG_NAME)),
                        io.netdata.netipc.protocol.ByteString.utf8("/p")),
                CORPUS.get(0), CORPUS.get(1)))));
        for (int i = 1; i < 3; i++) {
            NativeBytes.putU32(hostile, entry(i, ENTRY_OFFSET), NativeBytes.u32(hostile, entry(0, ENTRY_OFFSET)));
            NativeBytes.putU32(hostile, entry(i, ENTRY_LENGTH), NativeBytes.u32(hostile, entry(0, ENTRY_LENGTH)));
        }
        CgroupsSnapshotResponseView overlapping = checked(hostile);
        for (Runnable copy : new Runnable[] {overlapping::checkCopyable, overlapping::toOwned}) {
            assertThatThrownBy(copy::run).isInstanceOfSatisfying(CodecException.class,
                    e -> assertThat(e.error()).isEqualTo(CodecError.BAD_LAYOUT));
        }
    }

    @Test
    void anEmptySnapshotChecksTrivially() {
        byte[] bytes = SnapshotFixtures.encode(new CgroupsSnapshot(0, 0, java.util.List.of()));
        CgroupsSnapshotResponseView view = checked(ByteBuffer.wrap(bytes));
        assertThat(view.itemCount()).isZero();
        assertThatThrownBy(() -> view.item(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
