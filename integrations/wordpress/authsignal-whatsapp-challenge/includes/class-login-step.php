<?php
/**
 * Two-step sign-in: wherever a sign-in of a user in the chosen roles completes (wp-login.php,
 * a plugin that authenticates at another priority, a magic-link or SSO plugin that sets the
 * auth cookie and fires `wp_login`), the person gets no session but a screen with the
 * element (action `signIn`); only a token that Authsignal validates for that user and that
 * attempt signs them in, and only then does `wp_login` fire. The interception follows
 * WordPress's Two Factor plugin (`wp_login`: the new session destroyed, the auth cookies
 * cleared, the step shown), but runs first on `wp_login` rather than last, so that no other
 * listener takes the password step for a completed sign-in. Password_Guard keeps the
 * password alone out everywhere else.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * The sign-in step.
 */
final class Login_Step {

	/** The wp-login.php action of the screen's form. */
	public const LOGIN_ACTION = 'authsignal_whatsapp';

	/** Query argument for the messages on the sign-in form. */
	public const MESSAGE_ARG = 'authsignal_whatsapp';

	/** Session information: a session made for this user by something other than the step. */
	public const UNVERIFIED_SESSION = 'authsignal_whatsapp_unverified';

	/** User meta: ask this user to add a number (signed in without one). */
	public const ASK_FOR_NUMBER_META = '_authsignal_whatsapp_ask_for_number';

	/**
	 * True while the step itself completes a sign-in (its own `wp_login`).
	 *
	 * @var bool
	 */
	private static bool $completing = false;

	/**
	 * Session tokens created in this request, by user, destroyed again.
	 *
	 * @var array<int, string[]>
	 */
	private static array $session_tokens = array();

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'set_auth_cookie', array( self::class, 'collect_session_token' ), 10, 6 );
		add_action( 'set_logged_in_cookie', array( self::class, 'collect_session_token' ), 10, 6 );
		add_action( 'wp_login', array( self::class, 'intercept' ), PHP_INT_MIN, 2 );
		add_filter( 'attach_session_information', array( self::class, 'mark_session' ), 10, 2 );
		add_action( 'login_form_' . self::LOGIN_ACTION, array( self::class, 'handle_code' ) );
		add_filter( 'wp_login_errors', array( self::class, 'login_messages' ) );
		add_action( 'admin_notices', array( self::class, 'ask_for_number_notice' ) );
	}

	/**
	 * Whether the plugin's own step applies to this user: the sign-in step is on for one of
	 * their roles, and wp-config.php does not switch it off (AUTHSIGNAL_WHATSAPP_DISABLE_LOGIN_STEP).
	 *
	 * @param \WP_User $user The user.
	 */
	public static function is_enabled_for( \WP_User $user ): bool {
		if ( defined( 'AUTHSIGNAL_WHATSAPP_DISABLE_LOGIN_STEP' ) && AUTHSIGNAL_WHATSAPP_DISABLE_LOGIN_STEP ) {
			return false;
		}
		/**
		 * Filters whether the plugin's own WhatsApp step applies to a user's sign-in (false, say,
		 * when another two-factor plugin decides).
		 *
		 * @param bool     $enabled Whether the settings ask this user's roles for a code.
		 * @param \WP_User $user    The user.
		 */
		return (bool) apply_filters( 'authsignal_whatsapp_login_step_enabled', Settings::login_requires_whatsapp( $user ), $user );
	}

	/**
	 * Why this user cannot sign in at all right now, or null: no secret key (fails closed),
	 * or no number when the settings refuse people without one.
	 *
	 * @param \WP_User $user A user for whom the step is enabled.
	 */
	public static function refusal( \WP_User $user ): ?\WP_Error {
		if ( ! Settings::is_configured() ) {
			// No secret key (removed, or a constant with a typo): no code can be asked for, and
			// letting the password alone through would switch the step off without a word.
			return new \WP_Error( 'authsignal_whatsapp_unavailable', __( 'The WhatsApp verification is unavailable right now. Please try again later.', 'authsignal-whatsapp-challenge' ) );
		}
		if ( '' === Phone_Field::get( $user->ID ) && Settings::WITHOUT_PHONE_BLOCK === Settings::without_phone() ) {
			return new \WP_Error( 'authsignal_whatsapp_no_number', __( '<strong>Error:</strong> This account needs a WhatsApp number to sign in. Please ask a site administrator to add one.', 'authsignal-whatsapp-challenge' ) );
		}
		return null;
	}

	/**
	 * Whether this user's sign-in waits for a code (enabled, with a number on file; people
	 * without one are let in and asked to add one, unless refusal() says otherwise).
	 *
	 * @param \WP_User $user The user.
	 */
	public static function owes_code( \WP_User $user ): bool {
		return self::is_enabled_for( $user ) && '' !== Phone_Field::get( $user->ID );
	}

	/**
	 * Remembers the session tokens a sign-in creates, so `intercept()` can destroy them.
	 *
	 * @param string $cookie     The cookie value.
	 * @param int    $expire     Unused.
	 * @param int    $expiration Unused.
	 * @param int    $user_id    The user.
	 * @param string $scheme     Unused.
	 * @param string $token      The session token.
	 */
	public static function collect_session_token( $cookie, $expire = 0, $expiration = 0, $user_id = 0, $scheme = '', $token = '' ): void {
		if ( is_string( $token ) && '' !== $token ) {
			self::$session_tokens[ (int) $user_id ][] = $token;
		}
	}

	/**
	 * Marks a session that something other than the step makes for a user who owes a code (a
	 * plugin that sets the auth cookie and never fires `wp_login`): Password_Guard does not
	 * accept its cookie. Not the step's own sessions, and not a signed-in user's new session
	 * for themselves (WordPress makes one when they change their password).
	 *
	 * @param array<string, mixed> $session The session's information.
	 * @param int                  $user_id The user.
	 * @return array<string, mixed>
	 */
	public static function mark_session( $session, $user_id ) {
		$user = get_userdata( (int) $user_id );
		if ( self::$completing || ! is_array( $session ) || ! $user || ! self::is_enabled_for( $user ) || get_current_user_id() === $user->ID ) {
			return $session;
		}
		$session[ self::UNVERIFIED_SESSION ] = true;
		return $session;
	}

	/**
	 * Whether a session of the user came through the step (or was there before it applied).
	 *
	 * @param int    $user_id The user.
	 * @param string $token   The session token from the cookie.
	 */
	public static function session_is_verified( int $user_id, string $token ): bool {
		$session = '' === $token ? null : \WP_Session_Tokens::get_instance( $user_id )->get( $token );
		return is_array( $session ) && empty( $session[ self::UNVERIFIED_SESSION ] );
	}

	/**
	 * Counts a send before it is made, under the user's send lock, so that concurrent visits
	 * of the step cannot all pass the limits before any of them is counted.
	 *
	 * @param int    $user_id The user.
	 * @param string $key     The pending sign-in's key.
	 * @return string `ok` (counted), `sign_in` (this sign-in's sends are used up), `hour` (the
	 *                user's hourly sends are), or `busy` (no lock, or the sign-in is gone).
	 */
	private static function reserve_send( int $user_id, string $key ): string {
		if ( ! Send_Limit::lock( $user_id ) ) {
			return 'busy';
		}
		$pending = Pending_Login::open( $user_id, $key );
		if ( null === $pending ) {
			$result = 'busy';
		} elseif ( (int) $pending['sends'] >= Send_Limit::limits()['per_sign_in'] ) {
			$result = 'sign_in';
		} elseif ( Send_Limit::hour_used_up( $user_id ) ) {
			$result = 'hour';
		} else {
			Send_Limit::record( $user_id );
			Pending_Login::update( $user_id, (string) $pending['id'], array( 'sends' => (int) $pending['sends'] + 1 ) );
			$result = 'ok';
		}
		Send_Limit::unlock( $user_id );
		return $result;
	}

	/**
	 * Takes back a send counted by reserve_send() when the code could not be started.
	 *
	 * @param int    $user_id The user.
	 * @param string $key     The pending sign-in's key.
	 */
	private static function release_send( int $user_id, string $key ): void {
		if ( ! Send_Limit::lock( $user_id ) ) {
			return;
		}
		Send_Limit::unrecord( $user_id );
		$pending = Pending_Login::open( $user_id, $key );
		if ( null !== $pending ) {
			Pending_Login::update( $user_id, (string) $pending['id'], array( 'sends' => max( 0, (int) $pending['sends'] - 1 ) ) );
		}
		Send_Limit::unlock( $user_id );
	}

	/**
	 * The user a `wp_login` without its user object names: by login, then by e-mail address
	 * (some plugins pass that), else the one user this request made a session for.
	 *
	 * @param mixed $user_login What the plugin passed as the login.
	 * @return \WP_User|null
	 */
	private static function user_of_sign_in( $user_login ): ?\WP_User {
		if ( is_string( $user_login ) && '' !== $user_login ) {
			foreach ( array( 'login', 'email' ) as $field ) {
				$found = get_user_by( $field, $user_login );
				if ( $found instanceof \WP_User ) {
					return $found;
				}
			}
		}
		$user_ids = array_keys( array_filter( self::$session_tokens ) );
		$found    = 1 === count( $user_ids ) ? get_userdata( (int) $user_ids[0] ) : false;
		return $found instanceof \WP_User ? $found : null;
	}

	/**
	 * A sign-in completed somewhere (wp_signon() or another plugin) for a user who owes a
	 * code: undo the session and cookies, and show the step (or answer JSON to a script).
	 *
	 * Plugins that fire `wp_login` with the login alone (the form before WordPress 3.0) are
	 * met too: the user is looked up, and the step is shown all the same.
	 *
	 * @param string        $user_login The login name.
	 * @param \WP_User|null $user       The user (missing in the one-argument form).
	 */
	public static function intercept( $user_login, $user = null ): void {
		if ( self::$completing ) {
			return;
		}
		if ( ! $user instanceof \WP_User ) {
			$user = self::user_of_sign_in( $user_login );
		}
		if ( ! $user instanceof \WP_User || ! self::is_enabled_for( $user ) ) {
			return;
		}
		$refusal = self::refusal( $user );
		if ( null === $refusal && ! self::owes_code( $user ) ) {
			// No number on file, and the settings let such people in: their session stands.
			$sessions = \WP_Session_Tokens::get_instance( $user->ID );
			foreach ( self::$session_tokens[ $user->ID ] ?? array() as $token ) {
				$session = $sessions->get( $token );
				if ( is_array( $session ) ) {
					unset( $session[ self::UNVERIFIED_SESSION ] );
					$sessions->update( $token, $session );
				}
			}
			update_user_meta( $user->ID, self::ASK_FOR_NUMBER_META, 1 );
			return;
		}
		self::undo_session( $user );

		if ( null !== $refusal ) {
			if ( self::wants_json() ) {
				wp_send_json_error(
					array(
						'code'    => $refusal->get_error_code(),
						'message' => wp_strip_all_tags( $refusal->get_error_message() ),
					),
					403
				);
			}
			self::back_to_sign_in( 'authsignal_whatsapp_no_number' === $refusal->get_error_code() ? 'no_number' : 'unavailable' );
		}

		// phpcs:disable WordPress.Security.NonceVerification -- the password form has no nonce; these only shape where the person lands.
		$redirect_to = isset( $_REQUEST['redirect_to'] ) && is_string( $_REQUEST['redirect_to'] ) ? esc_url_raw( wp_unslash( $_REQUEST['redirect_to'] ) ) : '';
		$remember    = ! empty( $_REQUEST['rememberme'] );
		$interim     = ! empty( $_REQUEST['interim-login'] );
		// phpcs:enable
		$pending = Pending_Login::create( $user->ID, $redirect_to ? $redirect_to : admin_url(), $remember, $interim );
		if ( null === $pending ) {
			self::back_to_sign_in( 'unavailable' );
		}
		if ( self::wants_json() ) {
			// A script's sign-in form: it is told where the step is, and goes there.
			wp_send_json_error(
				array(
					'code'     => 'authsignal_whatsapp_required',
					'message'  => __( 'To finish signing in, verify with the code we send to your WhatsApp.', 'authsignal-whatsapp-challenge' ),
					'redirect' => self::step_url( $user->ID, $pending['key'] ),
				)
			);
		}
		self::show_screen( $user, $pending['key'], true );
		exit;
	}

	/**
	 * Destroys the sessions this request created for the user and keeps their auth cookies
	 * from the browser: not sent, taken back if already sent, and cleared.
	 *
	 * @param \WP_User $user The user.
	 */
	private static function undo_session( \WP_User $user ): void {
		$sessions = \WP_Session_Tokens::get_instance( $user->ID );
		foreach ( self::$session_tokens[ $user->ID ] ?? array() as $token ) {
			$sessions->destroy( $token );
		}
		self::$session_tokens[ $user->ID ] = array();
		if ( ! headers_sent() ) {
			// A plugin that called wp_set_auth_cookie() itself has already queued the cookies.
			$auth_names = array( AUTH_COOKIE, SECURE_AUTH_COOKIE, LOGGED_IN_COOKIE );
			$kept       = array();
			foreach ( headers_list() as $header ) {
				if ( 0 === stripos( $header, 'Set-Cookie:' ) ) {
					$name = trim( strtok( substr( $header, strlen( 'Set-Cookie:' ) ), '=' ) );
					if ( ! in_array( $name, $auth_names, true ) ) {
						$kept[] = $header;
					}
				}
			}
			header_remove( 'Set-Cookie' );
			foreach ( $kept as $header ) {
				header( $header, false );
			}
		}
		remove_filter( 'send_auth_cookies', '__return_false', PHP_INT_MAX );
		wp_clear_auth_cookie();
		wp_set_current_user( 0 );
	}

	/** Whether the request came from a script that expects JSON (an AJAX sign-in form, a REST call). */
	private static function wants_json(): bool {
		$requested_with = isset( $_SERVER['HTTP_X_REQUESTED_WITH'] ) ? sanitize_text_field( wp_unslash( $_SERVER['HTTP_X_REQUESTED_WITH'] ) ) : '';
		return wp_doing_ajax() || wp_is_json_request() || 0 === strcasecmp( $requested_with, 'XMLHttpRequest' ) || ( defined( 'REST_REQUEST' ) && REST_REQUEST );
	}

	/**
	 * The step's address for a pending sign-in (for scripts, which cannot post the form).
	 *
	 * @param int    $user_id The user.
	 * @param string $key     The pending sign-in's key.
	 */
	private static function step_url( int $user_id, string $key ): string {
		return add_query_arg(
			array(
				'action'      => self::LOGIN_ACTION,
				'wp-auth-id'  => $user_id,
				'wp-auth-key' => $key,
			),
			wp_login_url()
		);
	}

	/**
	 * The screen's form post (wp-login.php?action=authsignal_whatsapp), or a script sending
	 * the person to the step (GET, with the pending sign-in's id and key).
	 */
	public static function handle_code(): void {
		$method = isset( $_SERVER['REQUEST_METHOD'] ) ? strtoupper( sanitize_key( wp_unslash( $_SERVER['REQUEST_METHOD'] ) ) ) : 'GET';
		// phpcs:disable WordPress.Security.NonceVerification -- the pending sign-in's key is the nonce, checked by Pending_Login::open().
		$user_id = isset( $_REQUEST['wp-auth-id'] ) && is_string( $_REQUEST['wp-auth-id'] ) ? absint( $_REQUEST['wp-auth-id'] ) : 0;
		$key     = isset( $_REQUEST['wp-auth-key'] ) && is_string( $_REQUEST['wp-auth-key'] ) ? sanitize_text_field( wp_unslash( $_REQUEST['wp-auth-key'] ) ) : '';
		$backup  = 'POST' === $method && isset( $_POST['authsignal_backup_code'] ) && is_string( $_POST['authsignal_backup_code'] ) ? sanitize_text_field( wp_unslash( $_POST['authsignal_backup_code'] ) ) : '';
		// phpcs:enable
		$user    = $user_id ? get_user_by( 'id', $user_id ) : false;
		$pending = $user ? Pending_Login::open( $user->ID, $key ) : null;
		if ( ! $user || null === $pending ) {
			self::back_to_sign_in( 'expired' );
		}
		if ( 'POST' !== $method ) {
			self::show_screen( $user, $key, true );
			exit;
		}

		if ( '' !== $backup && class_exists( __NAMESPACE__ . '\Backup_Codes' ) ) {
			$result = Backup_Codes::verify( $user->ID, $backup ) ? true : new \WP_Error( 'authsignal_whatsapp_backup_code', __( 'The WhatsApp verification could not be confirmed. Please try again.', 'authsignal-whatsapp-challenge' ) );
		} else {
			$result = WhatsApp_Verification::check( WhatsApp_Verification::posted_token(), $user->ID, Validation::SIGN_IN_ACTION, (string) $pending['attempt'] );
			if ( is_array( $result ) ) {
				WhatsApp_Verification::record( $user->ID, Validation::SIGN_IN_ACTION, $result );
			}
		}
		if ( is_wp_error( $result ) ) {
			/** This action is documented in wp-includes/user.php. */
			do_action( 'wp_login_failed', $user->user_login, $result ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core hook.
			$failures = (int) $pending['failures'] + 1;
			if ( $failures >= Pending_Login::MAX_FAILURES ) {
				Pending_Login::end( $user->ID, (string) $pending['id'] );
				self::back_to_sign_in( 'failed' );
			}
			Pending_Login::update( $user->ID, (string) $pending['id'], array( 'failures' => $failures ) );
			self::show_screen( $user, $key, false, $result->get_error_message() );
			exit;
		}

		Pending_Login::end( $user->ID, (string) $pending['id'] );
		self::complete( $user, $pending );
		exit;
	}

	/**
	 * The code (or a backup code) checked out: the session, `wp_login`, and where to go.
	 *
	 * @param \WP_User             $user    The user.
	 * @param array<string, mixed> $pending The pending sign-in it ends.
	 */
	private static function complete( \WP_User $user, array $pending ): void {
		remove_filter( 'send_auth_cookies', '__return_false', PHP_INT_MAX );
		self::$completing = true;
		wp_set_auth_cookie( $user->ID, (bool) $pending['remember'] );
		wp_set_current_user( $user->ID );
		/** This action is documented in wp-includes/user.php. */
		do_action( 'wp_login', $user->user_login, $user ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core hook: the sign-in completes now.
		self::$completing = false;

		if ( ! empty( $pending['interim'] ) && function_exists( 'login_header' ) ) {
			// wp-admin's "session expired" pop-up: its own success page, which closes the pop-up.
			$GLOBALS['interim_login'] = 'success'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- login_header() reads it, as in wp-login.php.
			login_header( '', '<p class="message">' . esc_html__( 'You are signed in.', 'authsignal-whatsapp-challenge' ) . '</p>' );
			echo '</div>';
			/** This action is documented in wp-login.php. */
			do_action( 'login_footer' ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core hook.
			echo '</body></html>';
			return;
		}
		$requested = (string) $pending['redirect_to'];
		/** This filter is documented in wp-login.php. */
		$redirect_to = apply_filters( 'login_redirect', $requested, $requested, $user ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core filter.
		wp_safe_redirect( is_string( $redirect_to ) && '' !== $redirect_to ? $redirect_to : admin_url(), 303 );
	}

	/**
	 * Shows the screen with the element for a pending sign-in. With `$fresh`, a new `signIn`
	 * action is tracked (a code the person can have sent), within the send limits; otherwise
	 * the pending sign-in's current one is shown again.
	 *
	 * @param \WP_User $user  The user.
	 * @param string   $key   The pending sign-in's key.
	 * @param bool     $fresh Whether to start a new code.
	 * @param string   $error Message of the last refusal, or ''.
	 */
	private static function show_screen( \WP_User $user, string $key, bool $fresh, string $error = '' ): void {
		$pending = Pending_Login::open( $user->ID, $key );
		if ( null === $pending ) {
			self::back_to_sign_in( 'expired' );
		}
		$id    = (string) $pending['id'];
		$token = (string) ( $pending['token'] ?? '' );
		if ( $fresh ) {
			$token    = '';
			$reserved = self::reserve_send( $user->ID, $key );
			if ( 'sign_in' === $reserved ) {
				Pending_Login::end( $user->ID, $id );
				self::back_to_sign_in( 'sends' );
			}
			if ( 'hour' === $reserved ) {
				$error = __( 'Too many WhatsApp codes were sent to this account in the last hour. Please try again later.', 'authsignal-whatsapp-challenge' );
			} else {
				$attempt = 'ok' === $reserved ? WhatsApp_Verification::new_attempt() : null;
				$tracked = null === $attempt ? null : WhatsApp_Verification::start( $user->ID, Validation::SIGN_IN_ACTION, $attempt );
				if ( ! is_array( $tracked ) ) {
					if ( 'ok' === $reserved ) {
						self::release_send( $user->ID, $key );
					}
					/**
					 * Filters the message on the sign-in step when Authsignal cannot start a code.
					 *
					 * @param string   $message The message.
					 * @param \WP_User $user    The user signing in.
					 */
					$error = (string) apply_filters( 'authsignal_whatsapp_login_step_unavailable_message', __( 'The WhatsApp verification is unavailable right now. Please try again later.', 'authsignal-whatsapp-challenge' ), $user );
				} else {
					$token  = (string) $tracked['token'];
					$locked = Send_Limit::lock( $user->ID );
					Pending_Login::update(
						$user->ID,
						$id,
						array(
							'attempt' => $attempt,
							'token'   => $token,
						)
					);
					if ( $locked ) {
						Send_Limit::unlock( $user->ID );
					}
				}
			}
		}
		if ( ! empty( $pending['interim'] ) ) {
			$GLOBALS['interim_login'] = true; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- login_header() reads it, as in wp-login.php.
		}
		// The language of the sign-in screen around it (the site's, or wp-login.php's own language choice).
		$language = Validation::language_tag( determine_locale() );
		if ( '' !== $token ) {
			Assets::enqueue( $language );
		}
		nocache_headers();
		if ( ! headers_sent() ) {
			// The key may be in the address (a script sent the person here): it goes nowhere else.
			header( 'Referrer-Policy: no-referrer' );
		}

		$title      = __( 'WhatsApp verification', 'authsignal-whatsapp-challenge' );
		$error_html = '' === $error ? '' : '<div id="login_error" role="alert">' . esc_html( $error ) . '</div>';
		self::page_start( $title, $error_html );
		?>
		<form name="authsignal_whatsapp_form" id="authsignal-whatsapp-login-form" action="<?php echo esc_url( add_query_arg( 'action', self::LOGIN_ACTION, wp_login_url() ) ); ?>" method="post">
			<input type="hidden" name="wp-auth-id" value="<?php echo esc_attr( (string) $user->ID ); ?>" />
			<input type="hidden" name="wp-auth-key" value="<?php echo esc_attr( $key ); ?>" />
			<?php if ( ! empty( $pending['interim'] ) ) : ?>
				<input type="hidden" name="interim-login" value="1" />
			<?php endif; ?>
			<?php if ( '' !== $token ) : ?>
				<p><?php esc_html_e( 'To finish signing in, verify with the code we send to your WhatsApp.', 'authsignal-whatsapp-challenge' ); ?></p>
				<authsignal-whatsapp-challenge id="authsignal-whatsapp-login" name="authsignal_token" lang="<?php echo esc_attr( $language ); ?>"
				<?php
				foreach ( Settings::client_api_attributes() as $name => $value ) {
					echo ' ' . esc_attr( $name ) . '="' . esc_attr( $value ) . '"';
				}
				?>
				required autosubmit></authsignal-whatsapp-challenge>
				<script>document.getElementById('authsignal-whatsapp-login').token = <?php echo wp_json_encode( $token ); ?>;</script>
				<noscript><p><?php esc_html_e( 'WhatsApp verification needs JavaScript.', 'authsignal-whatsapp-challenge' ); ?></p></noscript>
			<?php endif; ?>
			<?php
			/**
			 * Fires inside the sign-in step's form, after the element (another way to finish
			 * signing in, such as a backup code field, goes here).
			 *
			 * @param \WP_User $user The user signing in.
			 */
			do_action( 'authsignal_whatsapp_login_step_form', $user );
			?>
		</form>
		<p id="nav"><a href="<?php echo esc_url( wp_login_url() ); ?>"><?php esc_html_e( 'Cancel and sign in again', 'authsignal-whatsapp-challenge' ); ?></a></p>
		<?php
		self::page_end();
	}

	/**
	 * Opens the page: wp-login.php's own header when it is the page being served.
	 *
	 * @param string $title      Page title.
	 * @param string $error_html Escaped error box, or ''.
	 */
	private static function page_start( string $title, string $error_html ): void {
		if ( function_exists( 'login_header' ) ) {
			login_header( $title );
			echo $error_html; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by the caller.
			return;
		}
		?>
		<!DOCTYPE html>
		<html <?php language_attributes(); ?>>
		<head><meta charset="<?php bloginfo( 'charset' ); ?>" /><meta name="viewport" content="width=device-width" /><title><?php echo esc_html( $title ); ?></title><?php wp_print_styles( 'login' ); ?></head>
		<body class="login"><div id="login">
		<?php
		echo $error_html; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by the caller.
	}

	/** Closes the page. */
	private static function page_end(): void {
		if ( function_exists( 'login_footer' ) ) {
			login_footer();
			return;
		}
		echo '</div>';
		wp_print_footer_scripts();
		echo '</body></html>';
	}

	/**
	 * Back to the password form with a message, and stop.
	 *
	 * @param string $why `expired`, `failed`, `unavailable`, `no_number` or `sends`.
	 */
	private static function back_to_sign_in( string $why ): void {
		wp_safe_redirect( add_query_arg( self::MESSAGE_ARG, $why, wp_login_url() ), 303 );
		exit;
	}

	/**
	 * The messages on the password form.
	 *
	 * @param \WP_Error $errors The form's messages.
	 */
	public static function login_messages( $errors ) {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- picks a fixed message.
		$why      = isset( $_GET[ self::MESSAGE_ARG ] ) ? sanitize_key( wp_unslash( $_GET[ self::MESSAGE_ARG ] ) ) : '';
		$messages = array(
			'expired'     => __( 'Your sign-in was not completed in time or was not valid. Please sign in again.', 'authsignal-whatsapp-challenge' ),
			'failed'      => __( 'Too many attempts. Please sign in again.', 'authsignal-whatsapp-challenge' ),
			'unavailable' => __( 'The WhatsApp verification is unavailable right now. Please try again later.', 'authsignal-whatsapp-challenge' ),
			'no_number'   => __( '<strong>Error:</strong> This account needs a WhatsApp number to sign in. Please ask a site administrator to add one.', 'authsignal-whatsapp-challenge' ),
			'sends'       => __( 'Too many WhatsApp codes were sent for this sign-in. Please sign in again.', 'authsignal-whatsapp-challenge' ),
		);
		if ( $errors instanceof \WP_Error && isset( $messages[ $why ] ) ) {
			$errors->add( 'authsignal_whatsapp_' . $why, $messages[ $why ] );
		}
		return $errors;
	}

	/** Asks a user who signed in without a number on file to add one. */
	public static function ask_for_number_notice(): void {
		$user_id = get_current_user_id();
		if ( ! $user_id || ! get_user_meta( $user_id, self::ASK_FOR_NUMBER_META, true ) ) {
			return;
		}
		if ( '' !== Phone_Field::get( $user_id ) ) {
			delete_user_meta( $user_id, self::ASK_FOR_NUMBER_META );
			return;
		}
		$message = sprintf(
			/* translators: %s: the address of the user's profile, where the number goes. */
			__( 'This site asks for a WhatsApp code at sign-in. Please <a href="%s">add your WhatsApp number to your profile</a>.', 'authsignal-whatsapp-challenge' ),
			esc_url( get_edit_profile_url( $user_id ) . '#authsignal_phone_number' )
		);
		echo '<div class="notice notice-warning"><p>' . wp_kses( $message, array( 'a' => array( 'href' => array() ) ) ) . '</p></div>';
	}
}
