package org.stpplatform.reward.scoring.text;

/** Extraction of {@code <answer>...</answer>} content by hand scanning, without regular expressions. */
public final class AnswerTags {

    public static final String OPEN = "<answer>";
    public static final String CLOSE = "</answer>";

    private AnswerTags() {
    }

    /**
     * Returns the content of the last closed answer tag, or null when there is none. Pairs are found
     * as Python's {@code re.findall(r"<answer>(.*?)</answer>", text, re.DOTALL)} finds them: each open
     * tag pairs with the next close tag and scanning resumes after it. The content is not stripped.
     */
    public static String lastClosedContent(String text) {
        String last = null;
        int from = 0;
        while (true) {
            int open = text.indexOf(OPEN, from);
            if (open < 0) {
                return last;
            }
            int contentStart = open + OPEN.length();
            int close = text.indexOf(CLOSE, contentStart);
            if (close < 0) {
                return last;
            }
            last = text.substring(contentStart, close);
            from = close + CLOSE.length();
        }
    }

    /**
     * Returns d1's {@code extract_xml_answer}: the text after the last open tag (the whole text when
     * there is none), cut at the first close tag after it, then stripped as Python strips.
     */
    public static String xmlAnswer(String text) {
        String afterOpen = PythonText.lastPart(text, OPEN);
        return PythonText.strip(PythonText.firstPart(afterOpen, CLOSE));
    }
}
