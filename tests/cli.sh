#!/bin/sh
# cli.sh - placeholder
exit 77
