/* Label placement in device units, geometry only (no cairo, so tests hold
 * it): a label's box goes where it touches no line, marker or other label,
 * trying spots around its point ring by ring. Internal to plots/. */
#ifndef REGIONSIM_PLOTS_PLACEMENT_H
#define REGIONSIM_PLOTS_PLACEMENT_H

#include <stdbool.h>

struct plot_rect {
    double x0, y0, x1, y1; /* x0 <= x1, y0 <= y1 */
};
struct plot_seg {
    double x0, y0, x1, y1;
};

/* What a label must not touch: boxes (markers, other labels) and segments
 * (lines, whiskers, staircases). */
#define PLOT_MAX_OBSTACLES 128
struct plot_obstacles {
    struct plot_rect rect[PLOT_MAX_OBSTACLES];
    struct plot_seg seg[PLOT_MAX_OBSTACLES];
    int n_rect, n_seg;
};
/* Add an obstacle; one beyond PLOT_MAX_OBSTACLES is a programmer error (assert). */
void plot_obstacle_rect(struct plot_obstacles *o, struct plot_rect r);
void plot_obstacle_seg(struct plot_obstacles *o, double x0, double y0, double x1, double y1);

/* Closed-set tests: touching counts. */
bool plot_rects_overlap(const struct plot_rect *a, const struct plot_rect *b);
bool plot_rect_hits_seg(const struct plot_rect *r, const struct plot_seg *s);
/* Whether box, grown by pad on every side, touches no obstacle. */
bool plot_box_is_free(const struct plot_obstacles *o, const struct plot_rect *box, double pad);

/* A label's spot: its box, and when it sits away from its point, the leader
 * line from the point's edge (lx0, ly0) to the box (lx1, ly1). */
struct plot_spot {
    struct plot_rect box;
    bool leader;
    double lx0, ly0, lx1, ly1;
};
/* Finds a spot for a w x h label of the point (x, y) drawn with radius r:
 * the eight positions around it (right, left, the four corners, above,
 * below) at r + 3, then the four corners on two farther rings with a
 * leader (a level or upright leader would read as a whisker); the first
 * inside bounds whose box (grown by pad) touches no obstacle and whose
 * leader crosses no obstacle box but the point's own. rings > 0 tries the
 * first `rings` rings (PLOT_LABEL_RINGS in all); rings <= 0 only ring
 * -rings, so a caller can give every label its near spots before any
 * takes a far one. Returns true with *out filled; false (out untouched)
 * when every spot tried is taken. */
#define PLOT_LABEL_RINGS 3
bool plot_place_label(const struct plot_obstacles *o, const struct plot_rect *bounds, double x,
                      double y, double r, double w, double h, double pad, int rings,
                      struct plot_spot *out);

#endif
