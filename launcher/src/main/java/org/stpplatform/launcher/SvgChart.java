package org.stpplatform.launcher;

import java.util.List;
import java.util.Locale;

/** Small inline SVG charts for the HTML report: line charts and horizontal stacked bars. */
final class SvgChart {

    /** Ten series colors, enough for three algorithms with three seeds each before one repeats. */
    static final List<String> COLORS = List.of("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");

    private static final int WIDTH = 560;
    private static final int HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 130;
    private static final int TOP = 30;
    private static final int BOTTOM = 45;
    /**
     * Estimated width of one character at font size 11 in pixels, because SVG cannot measure text
     * before a browser renders it. Labels wider than the margins widen the chart by this estimate.
     */
    private static final double CHARACTER_WIDTH = 6.5;
    /** Space of a legend entry before its text: the gap after the plot and the color box. */
    private static final int LEGEND_INDENT = 24;

    /**
     * One line of a chart.
     *
     * @param name legend text
     * @param points (x, y) pairs in data units
     */
    record Series(String name, List<double[]> points) {
    }

    private SvgChart() {
    }

    /** Draws the series as polylines with markers on shared axes; an empty chart shows "no data". */
    static String lines(String title, String xLabel, String yLabel, List<Series> series) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Series line : series) {
            for (double[] point : line.points()) {
                minX = Math.min(minX, point[0]);
                maxX = Math.max(maxX, point[0]);
                minY = Math.min(minY, point[1]);
                maxY = Math.max(maxY, point[1]);
            }
        }
        int width = WIDTH + legendOverflow(series.stream().map(Series::name).toList());
        StringBuilder svg = header(title, width);
        if (minX == Double.POSITIVE_INFINITY) {
            svg.append(text(width / 2.0, HEIGHT / 2.0, "no data", "middle"));
            return svg.append("</svg>\n").toString();
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (maxY == minY) {
            maxY = minY + Math.max(1e-9, Math.abs(minY) * 0.1 + 1e-9);
            minY = minY - (maxY - minY);
        }
        Axes axes = new Axes(minX, maxX, minY, maxY);
        svg.append(axes.draw(xLabel, yLabel));
        for (int s = 0; s < series.size(); s++) {
            String color = COLORS.get(s % COLORS.size());
            StringBuilder points = new StringBuilder();
            for (double[] point : series.get(s).points()) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", axes.x(point[0]), axes.y(point[1])));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
                        axes.x(point[0]), axes.y(point[1]), color));
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\" points=\"")
                    .append(points.toString().trim()).append("\"/>\n");
            svg.append(legend(s, series.get(s).name(), color, 0));
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * Draws one horizontal bar per label, split into parts.
     *
     * @param values per label, the size of each part in {@code unit}
     */
    static String stackedBars(String title, String unit, List<String> labels, List<String> partNames,
            List<double[]> values) {
        // Long labels move the bars right instead of narrowing them.
        int shift = (int) Math.ceil(Math.max(0, textWidth(labels) + 6 - LEFT));
        int svgWidth = WIDTH + shift + legendOverflow(partNames);
        StringBuilder svg = header(title, svgWidth);
        double max = 0;
        for (double[] parts : values) {
            double sum = 0;
            for (double part : parts) {
                sum += part;
            }
            max = Math.max(max, sum);
        }
        if (labels.isEmpty() || max <= 0) {
            svg.append(text(svgWidth / 2.0, HEIGHT / 2.0, "no data", "middle"));
            return svg.append("</svg>\n").toString();
        }
        double plotWidth = WIDTH - LEFT - RIGHT;
        double rowHeight = Math.min(40, (HEIGHT - TOP - BOTTOM) / (double) labels.size());
        for (int row = 0; row < labels.size(); row++) {
            double y = TOP + row * rowHeight + 4;
            double x = LEFT + shift;
            svg.append(text(x - 6, y + rowHeight / 2, labels.get(row), "end"));
            double[] parts = values.get(row);
            double sum = 0;
            for (int p = 0; p < parts.length; p++) {
                double width = parts[p] / max * plotWidth;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x, y, width,
                        rowHeight - 8, COLORS.get(p % COLORS.size())));
                x += width;
                sum += parts[p];
            }
            svg.append(text(x + 4, y + rowHeight / 2, String.format(Locale.ROOT, "%.2f %s", sum, unit), "start"));
        }
        for (int p = 0; p < partNames.size(); p++) {
            svg.append(legend(p, partNames.get(p), COLORS.get(p % COLORS.size()), shift));
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder header(String title, int width) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"11\">\n", width, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>\n",
                LEFT, escape(title)));
        return svg;
    }

    /** Returns the pixels by which the longest legend name would overrun the right margin, or 0. */
    private static int legendOverflow(List<String> names) {
        return (int) Math.ceil(Math.max(0, LEGEND_INDENT + textWidth(names) + 6 - RIGHT));
    }

    private static double textWidth(List<String> texts) {
        return texts.stream().mapToInt(String::length).max().orElse(0) * CHARACTER_WIDTH;
    }

    private static String legend(int index, String name, String color, int shift) {
        double y = TOP + 10 + index * 16;
        double x = WIDTH - RIGHT + 10 + shift;
        return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>", x, y - 9, color)
                + text(x + 14, y, name, "start");
    }

    private static String text(double x, double y, String content, String anchor) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n", x, y, anchor,
                escape(content));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * Returns up to five whole steps between {@code minX} and {@code maxX}, both ends included when
     * they are whole, because every chart here has the step on its x axis.
     */
    static List<Long> stepTicks(double minX, double maxX) {
        java.util.TreeSet<Long> ticks = new java.util.TreeSet<>();
        if (maxX - minX <= 4) {
            for (long step = (long) Math.ceil(minX); step <= Math.floor(maxX); step++) {
                ticks.add(step);
            }
        } else {
            for (int tick = 0; tick <= 4; tick++) {
                ticks.add(Math.round(minX + (maxX - minX) * tick / 4));
            }
        }
        return List.copyOf(ticks);
    }

    /** Maps data units to pixels and draws the frame, ticks and labels. */
    record Axes(double minX, double maxX, double minY, double maxY) {

        double x(double value) {
            return LEFT + (value - minX) / (maxX - minX) * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return HEIGHT - BOTTOM - (value - minY) / (maxY - minY) * (HEIGHT - TOP - BOTTOM);
        }

        String draw(String xLabel, String yLabel) {
            StringBuilder svg = new StringBuilder();
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
                    LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
            for (int tick = 0; tick <= 4; tick++) {
                double yValue = minY + (maxY - minY) * tick / 4;
                svg.append(text(LEFT - 4, y(yValue) + 4, tickLabel(yValue, (maxY - minY) / 4), "end"));
            }
            for (long step : stepTicks(minX, maxX)) {
                svg.append(text(x(step), HEIGHT - BOTTOM + 14, Long.toString(step), "middle"));
            }
            svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, xLabel, "middle"));
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>\n",
                    (TOP + HEIGHT - BOTTOM) / 2.0, (TOP + HEIGHT - BOTTOM) / 2.0, escape(yLabel)));
            return svg.toString();
        }

        /**
         * Formats a y tick with at least as many decimals as the tick spacing {@code step} needs, so
         * that neighbouring ticks of a narrow range such as 22.875..22.9375 stay distinct.
         */
        static String tickLabel(double value, double step) {
            String label = tickLabel(value);
            if (step > 0 && Math.abs(value) >= 0.01 && Math.abs(value) < 10000) {
                int decimals = (int) Math.min(6, Math.max(0, Math.ceil(-Math.log10(step))));
                String precise = String.format(Locale.ROOT, "%." + decimals + "f", value);
                if (precise.length() > label.length()) {
                    return precise;
                }
            }
            return label;
        }

        private static String tickLabel(double value) {
            double magnitude = Math.abs(value);
            if (magnitude != 0 && (magnitude < 0.01 || magnitude >= 10000)) {
                return String.format(Locale.ROOT, "%.1e", value);
            }
            return magnitude >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.3g", value);
        }
    }
}
