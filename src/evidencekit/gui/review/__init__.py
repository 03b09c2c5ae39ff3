"""The reviewer's window and the teacher's view of the feedback."""
