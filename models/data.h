/* The reference tables embedded at build time from the CSV files of models/data/ (by
 * models/data/embed.cmake). Read-only data; each table keeps its source line.
 * Units: RTT ms, throughput Gbit/s, prices USD/GB; missing cells are NAN. */
#ifndef REGIONSIM_MODELS_DATA_H
#define REGIONSIM_MODELS_DATA_H

#include "models/region.h"

#define DATA_MATRIX_MAX 64

/* One row of a square matrix: the row's name and its cells by column. */
struct data_matrix_row {
    const char *name;
    double v[DATA_MATRIX_MAX];
};

/* One directed pair with a value: src, dst, value. */
struct data_pair_row {
    const char *src;
    const char *dst;
    double v;
};

#define DATA_TABLE(name, type)                                                                     \
    extern const char data_##name##_source[];                                                      \
    extern const int data_##name##_columns;                                                        \
    extern const char *const data_##name##_header[];                                               \
    extern const type data_##name[];                                                               \
    extern const int data_##name##_rows;

DATA_TABLE(regions, struct region_info)
DATA_TABLE(populations, struct population_info)
DATA_TABLE(aws_rtt, struct data_matrix_row)
DATA_TABLE(azure_rtt, struct data_matrix_row)
DATA_TABLE(throughput, struct data_pair_row)
DATA_TABLE(aws_transfer, struct data_pair_row)
DATA_TABLE(cloud_egress, struct data_pair_row)

#undef DATA_TABLE
#endif
