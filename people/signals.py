"""What a staff import tells the apps above people/, which follow it without people/ importing them."""

from django.dispatch import Signal

# Sent inside the import's transaction once the records are written: ``flags_by_code`` is the file's "Cốt cán"
# column ({staff code: bool}, only the rows that fill it) and ``by`` the importing user. coreteachers/ turns it
# into the current year's designations.
core_teacher_flags_imported = Signal()
