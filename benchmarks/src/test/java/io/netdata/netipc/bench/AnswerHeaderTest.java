package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The clients' checks of an answer's header (any status but OK, another message id, another method or,
 * for a batch, another item count is a wrong answer, never a counted one) and of the session's transport.
 */
class AnswerHeaderTest {
    private static final long ID = 41;
    private static final int ITEMS = 7;

    private static ReceivedMessage answer(int status, long id, int code, long items) {
        ByteBuffer header = ByteBuffer.allocate(MessageHeaderView.SIZE);
        MessageHeader.encode(header, 0, Wire.KIND_RESPONSE, Wire.FLAG_BATCH, code, status, 0, items, id);
        return new ReceivedMessage(header).set(ByteBuffer.allocate(0), 0, 0);
    }

    private static ReceivedMessage answer(int status, long id, int code) {
        return answer(status, id, code, 1);
    }

    @Test
    void anOkAnswerToTheRequestPasses() {
        assertThatCode(() -> BenchClients.checkOk(answer(TransportStatus.OK.code(), ID, Wire.METHOD_INCREMENT), ID))
                .doesNotThrowAnyException();
        assertThatCode(() -> BenchClients.checkBatchOk(answer(TransportStatus.OK.code(), ID, Wire.METHOD_INCREMENT,
                ITEMS), ID, ITEMS)).doesNotThrowAnyException();
    }

    @Test
    void aStatusOtherThanOkIsAWrongAnswer() {
        assertThatThrownBy(() -> BenchClients.checkOk(answer(TransportStatus.INTERNAL_ERROR.code(), ID,
                Wire.METHOD_INCREMENT), ID)).isInstanceOf(BenchClients.WrongAnswer.class)
                .hasMessageContaining("answer status " + TransportStatus.INTERNAL_ERROR.code());
    }

    @Test
    void anotherMessageIdIsAWrongAnswer() {
        assertThatThrownBy(() -> BenchClients.checkOk(answer(TransportStatus.OK.code(), ID + 1,
                Wire.METHOD_INCREMENT), ID)).isInstanceOf(BenchClients.WrongAnswer.class)
                .hasMessageContaining("id " + (ID + 1)).hasMessageContaining("for request " + ID);
    }

    @Test
    void anotherMethodIsAWrongAnswer() {
        assertThatThrownBy(() -> BenchClients.checkOk(answer(TransportStatus.OK.code(), ID,
                Wire.METHOD_STRING_REVERSE), ID)).isInstanceOf(BenchClients.WrongAnswer.class)
                .hasMessageContaining("code " + Wire.METHOD_STRING_REVERSE);
    }

    @Test
    void aBatchAnswerWithAnotherItemCountIsAWrongAnswer() {
        assertThatThrownBy(() -> BenchClients.checkBatchOk(answer(TransportStatus.OK.code(), ID,
                Wire.METHOD_INCREMENT, ITEMS - 1), ID, ITEMS)).isInstanceOf(BenchClients.WrongAnswer.class)
                .hasMessageContaining(ITEMS + " items asked, " + (ITEMS - 1) + " answered");
        assertThatThrownBy(() -> BenchClients.checkBatchOk(answer(TransportStatus.BAD_ENVELOPE.code(), ID,
                Wire.METHOD_INCREMENT, ITEMS), ID, ITEMS)).isInstanceOf(BenchClients.WrongAnswer.class)
                .hasMessageContaining("answer status");
    }

    @Test
    void anShmScenarioRefusesASessionOverTheSocket() {
        assertThatThrownBy(() -> BenchClients.requireTransport(BenchConstants.PROFILE_SHM, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("over the socket");
        assertThatCode(() -> BenchClients.requireTransport(BenchConstants.PROFILE_SHM, true))
                .doesNotThrowAnyException();
        assertThatCode(() -> BenchClients.requireTransport(BenchConstants.PROFILE_UDS, false))
                .doesNotThrowAnyException();
    }
}
