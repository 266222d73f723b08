package org.stpplatform.reward.scoring.gsm8k;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.stpplatform.reward.scoring.Deadline;

class FormatRewardsTest {

    private static final String WELL_FORMED = "<reasoning>\nwork\n</reasoning>\n<answer>\n42\n</answer>\n";

    @Test
    void strictFormatAcceptsOneExtraNewline() {
        assertEquals(0.5, FormatRewards.strictFormat(WELL_FORMED));
        assertEquals(0.5, FormatRewards.strictFormat(WELL_FORMED + "\n"));
        assertEquals(0.0, FormatRewards.strictFormat(WELL_FORMED + "\n\n"));
        assertEquals(0.0, FormatRewards.strictFormat(WELL_FORMED.strip()));
        assertEquals(0.0, FormatRewards.strictFormat(" " + WELL_FORMED));
    }

    @Test
    void strictFormatAllowsEmptyParts() {
        assertEquals(0.5, FormatRewards.strictFormat("<reasoning>\n\n</reasoning>\n<answer>\n\n</answer>\n"));
        assertEquals(0.0, FormatRewards.strictFormat("<reasoning>\n</reasoning>\n<answer>\n</answer>\n"));
    }

    @Test
    void softFormatAllowsWhitespaceBetweenTags() {
        assertEquals(0.5, FormatRewards.softFormat("<reasoning>a</reasoning> \n\t<answer>b</answer> tail", Deadline.none()));
        assertEquals(0.0, FormatRewards.softFormat("<reasoning>a</reasoning>x<answer>b</answer>", Deadline.none()));
        assertEquals(0.0, FormatRewards.softFormat(" <reasoning>a</reasoning><answer>b</answer>", Deadline.none()));
        assertEquals(0.5, FormatRewards.softFormat(
                "<reasoning>a</reasoning>x</reasoning><answer>b</answer>", Deadline.none()));
    }

    @Test
    void xmlCountPenalisesTrailingText() {
        assertEquals(0.5, FormatRewards.xmlCount(WELL_FORMED));
        assertEquals(0.49, FormatRewards.xmlCount(WELL_FORMED + "extra"), 1e-12);
        assertEquals(0.0, FormatRewards.xmlCount("no tags"));
        double longTail = FormatRewards.xmlCount(WELL_FORMED + "x".repeat(1000));
        assertEquals(-1.5, longTail, 1e-9);
    }
}
