package org.stpplatform.reward.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stpplatform.common.api.TaskName;

class TaskInstanceTest {

    @Test
    void countdownJsonReference() {
        TaskInstance instance = TaskInstance.parse(TaskName.COUNTDOWN, " { \"target\" : 30, \"numbers\": [88, 4,32,60] } ");
        assertEquals(List.of(88, 4, 32, 60), instance.numbers());
        assertEquals(30, instance.target());
    }

    @Test
    void countdownFactoryWritesCanonicalJson() {
        TaskInstance instance = TaskInstance.countdown(List.of(70, 31, 70), 31);
        assertEquals("{\"numbers\":[70,31,70],\"target\":31}", instance.reference());
        assertEquals(instance, TaskInstance.parse(TaskName.COUNTDOWN, instance.reference()));
    }

    @Test
    void countdownReferenceErrorsNameTheProblem() {
        IllegalArgumentException missingTarget = assertThrows(IllegalArgumentException.class,
                () -> TaskInstance.parse(TaskName.COUNTDOWN, "{\"numbers\":[1,2]}"));
        assertTrue(missingTarget.getMessage().contains("\"target\""), missingTarget.getMessage());
        IllegalArgumentException unknownKey = assertThrows(IllegalArgumentException.class,
                () -> TaskInstance.parse(TaskName.COUNTDOWN, "{\"nums\":[1,2],\"target\":3}"));
        assertTrue(unknownKey.getMessage().contains("nums"), unknownKey.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TaskInstance.parse(TaskName.COUNTDOWN, "{\"numbers\":[1,2],\"target\":3} extra"));
        assertThrows(IllegalArgumentException.class,
                () -> TaskInstance.parse(TaskName.COUNTDOWN, "{\"numbers\":[1,x],\"target\":3}"));
    }

    @Test
    void otherTasksKeepTheReference() {
        TaskInstance instance = TaskInstance.parse(TaskName.MATH, "\\frac{3}{4}");
        assertEquals("\\frac{3}{4}", instance.reference());
        assertNull(instance.numbers());
        assertNull(instance.target());
    }
}
