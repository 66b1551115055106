/* Colours and dash patterns for charts: the Okabe-Ito palette (safe for the
 * common colour-vision deficiencies), paired with distinct dashes and markers
 * so that series stay apart when printed in grey. */
#ifndef REGIONSIM_PLOTS_PALETTE_H
#define REGIONSIM_PLOTS_PALETTE_H

struct plot_rgb {
    double r, g, b;
};

#define PLOT_PALETTE_SIZE 8
/* Colour of series i (wraps around). */
struct plot_rgb plot_palette(int i);

#endif
