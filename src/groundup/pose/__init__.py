"""Pose estimation: the estimator interface, the BlazePose backend and pose tracks."""
