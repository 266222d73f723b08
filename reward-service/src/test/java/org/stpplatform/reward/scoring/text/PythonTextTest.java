package org.stpplatform.reward.scoring.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PythonTextTest {

    @Test
    void stripRemovesPythonWhitespace() {
        assertEquals("a b", PythonText.strip("\u00A0\t a b \u2003\n\u001C"));
        assertEquals("", PythonText.strip(" \n "));
    }

    @Test
    void splitKeepsEmptyParts() {
        assertEquals(List.of("", "a", "", ""), PythonText.split("##a####", "##"));
        assertEquals(List.of("abc"), PythonText.split("abc", "#"));
        assertEquals("c", PythonText.lastPart("a#b#c", "#"));
        assertEquals("a", PythonText.firstPart("a#b#c", "#"));
    }

    @Test
    void countIsNonOverlapping() {
        assertEquals(2, PythonText.count("aaaa", "aa"));
        assertEquals(0, PythonText.count("abc", "d"));
    }

    @Test
    void isDigitFollowsPython() {
        assertTrue(PythonText.isDigit("42"));
        assertTrue(PythonText.isDigit("\u00B2"));
        assertTrue(PythonText.isDigit("\u0663"));
        assertFalse(PythonText.isDigit(""));
        assertFalse(PythonText.isDigit("-7"));
        assertFalse(PythonText.isDigit("4.2"));
        assertFalse(PythonText.isDigit("\u00BD"));
    }

    @Test
    void answerTagsPairLikeFindall() {
        assertEquals(" b ", AnswerTags.lastClosedContent("<answer>a</answer> <answer> b </answer>"));
        assertEquals("<answer>a", AnswerTags.lastClosedContent("<answer><answer>a</answer>"));
        assertNull(AnswerTags.lastClosedContent("<answer>a"));
        assertEquals("", AnswerTags.lastClosedContent("<answer></answer><answer>x"));
    }

    @Test
    void xmlAnswerTakesTextAfterLastOpenTag() {
        assertEquals("b", AnswerTags.xmlAnswer("<answer>a</answer><answer> b </answer> tail"));
        assertEquals("whole text", AnswerTags.xmlAnswer(" whole text "));
        assertEquals("open", AnswerTags.xmlAnswer("x <answer>open"));
    }

    @Test
    void tailKeepsSurrogatePairsWhole() {
        String text = "a\uD83D\uDE00b";
        assertEquals("b", TextLimits.tail(text, 2));
        assertEquals("\uD83D\uDE00b", TextLimits.tail(text, 3));
        assertEquals("", TextLimits.tail(null, 3));
    }
}
