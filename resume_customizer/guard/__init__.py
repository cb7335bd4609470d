"""Guards: every upload, address and text checked; rate limits and uploads per user.

Import the module you need (each pulls in only its own dependencies):

* ``guard.uploads``: ``check_docx``, ``check_batch``, ``read_member``, ``safe_filename``, ``unique_names``
* ``guard.addresses``: ``parse_recipients``, ``parse_mailboxes``, ``check_header_value``
* ``guard.files``: ``read_regular`` (regular files only, bounded), ``private_dir``, ``write_private``
* ``guard.text``: ``clean_stack_text``, ``clean_template``, ``sanitize_html``
* ``guard.ratelimit``: ``RateLimiter``, ``user_keys``
* ``guard.sessions``: ``SessionStore``, ``content_key``
"""
